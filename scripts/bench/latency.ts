// Per-call latency of the core operations next to their naive baselines: summarize against Lead-3,
// search against a linear scan, autocomplete against a linear filter. Runs inside the size's child.
import type { Article } from '../../src/core/article.js';
import type { ArticleLibrary } from '../../src/core/library.js';
import { lead, summarize } from '../../src/core/summarizer.js';
import { sampleEach, summarizeSamples, type Summary } from './measure.js';
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
  linearScan: Summary;
  autocomplete: Summary;
  linearSuggest: Summary;
  /** Queries with no hit at all: a sanity check that the query set matches the corpus. */
  emptyQueries: number;
}

/**
 * Every query runs `rounds` times after one untimed pass; the linear baselines run once per query
 * (they are slow at large sizes and their spread is small).
 */
export function measureSearch(library: ArticleLibrary, queries: readonly string[], partials: readonly string[], rounds = 5): SearchFigures {
  const articles = library.all();
  const scan = linearScanner(articles);
  const suggestLinear = linearSuggester(articles);
  return {
    search: summarizeSamples(sampleEach(queries, (query) => library.search(query, 5), { rounds, warmup: queries })),
    linearScan: summarizeSamples(sampleEach(queries, (query) => scan(query, 5), { warmup: queries.slice(0, 3) })),
    autocomplete: summarizeSamples(sampleEach(partials, (input) => library.suggest(input, 25), { rounds, warmup: partials })),
    linearSuggest: summarizeSamples(sampleEach(partials, (input) => suggestLinear(input, 25), { warmup: partials.slice(0, 3) })),
    emptyQueries: queries.filter((query) => library.search(query, 5).length === 0).length,
  };
}
