// Per-call latency of the core operations next to their naive baselines: summarize against Lead-3,
// search against a linear scan of the stored articles, autocomplete against a linear filter. Runs inside
// the size's child, on the catalog.
import type { Article } from '../../src/core/article.js';
import type { Database } from '../../src/store/database.js';
import type { ArticleCatalog } from '../../src/store/catalog/types.js';
import { lead, summarize } from '../../src/core/summarizer.js';
import { sampleEach, sampleEachAsyncWithCpu, summarizeSamples, type Summary } from './measure.js';
import { linearScanner, linearSuggester } from './queries.js';

export interface SummarizeFigures {
  typical: Summary;
  long: Summary;
  lead3: Summary;
  lead3Long: Summary;
  typicalBytes: number;
  longBytes: number;
}

const meanBytes = (articles: readonly Article[]): number =>
  Math.round(articles.reduce((sum, article) => sum + Buffer.byteLength(article.body), 0) / Math.max(1, articles.length));

/** Each article summarized once (distinct articles, so no cache of any kind can help). */
export function measureSummarize(typical: readonly Article[], long: readonly Article[]): SummarizeFigures {
  const warmup = [...typical.slice(-20), ...long.slice(-5)];
  const timedTypical = typical.slice(0, -20);
  const timedLong = long.slice(0, -5);
  const run = (work: (article: Article) => string[], list: readonly Article[]) => summarizeSamples(sampleEach(list, (article) => work(article), { warmup }));
  return {
    typical: run((article) => summarize(article, 3), timedTypical),
    long: run((article) => summarize(article, 3), timedLong),
    lead3: run((article) => lead(article, 3), timedTypical),
    lead3Long: run((article) => lead(article, 3), timedLong),
    typicalBytes: meanBytes(timedTypical),
    longBytes: meanBytes(timedLong),
  };
}

export interface SearchFigures {
  search: Summary;
  /** CPU time of the same calls: the work itself, without waiting for a CPU. */
  searchCpu: Summary;
  autocompleteCpu: Summary;
  linearScan: Summary;
  autocomplete: Summary;
  linearSuggest: Summary;
  /** Queries with no hit at all: a sanity check that the query set matches the corpus. */
  emptyQueries: number;
  /** How many queries the (slow) linear baselines ran. */
  linearQueries: number;
}

/**
 * Every query runs `rounds` times after one untimed pass. The linear baselines read every stored article
 * once per query, so they run once each, on fewer queries at the larger sizes.
 */
export async function measureSearch(catalog: ArticleCatalog, db: Database, queries: readonly string[], partials: readonly string[], size: number, rounds = 5): Promise<SearchFigures> {
  const repeat = <T>(list: readonly T[]): T[] => Array.from({ length: rounds }, () => list).flat();
  const search = await sampleEachAsyncWithCpu(repeat(queries), (query) => catalog.search(query, { limit: 5 }), queries);
  const autocomplete = await sampleEachAsyncWithCpu(repeat(partials), (input) => catalog.suggest(input, 25), partials);
  const linearCount = size >= 1_000_000 ? 4 : size >= 100_000 ? 10 : queries.length;
  const scan = linearScanner(db);
  const suggestLinear = linearSuggester(db);
  let emptyQueries = 0;
  for (const query of queries) if ((await catalog.search(query, { limit: 5 })).length === 0) emptyQueries++;
  return {
    search: summarizeSamples(search.wall),
    searchCpu: summarizeSamples(search.cpu),
    autocompleteCpu: summarizeSamples(autocomplete.cpu),
    linearScan: summarizeSamples(sampleEach(queries.slice(0, linearCount), (query) => scan(query, 5))),
    autocomplete: summarizeSamples(autocomplete.wall),
    linearSuggest: summarizeSamples(sampleEach(partials.slice(0, linearCount), (input) => suggestLinear(input, 25))),
    emptyQueries,
    linearQueries: linearCount,
  };
}
