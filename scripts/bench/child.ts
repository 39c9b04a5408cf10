// One size's measurements, run in a fresh process (spawned by scripts/bench.ts) so the resident memory
// it reports belongs to this library alone and earlier sizes leave no garbage or JIT state behind.
// Usage: node --expose-gc --import tsx scripts/bench/child.ts --dir <folder> --size <n> --seed <s> --out <file>
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Article } from '../../src/core/article.js';
import { ArticleLibrary } from '../../src/core/library.js';
import { silentLogger } from '../../src/logger.js';
import { loadArticleFolder } from '../../src/store/article-folder.js';
import { benchId, createVocabulary } from './corpus.js';
import { measureHandlers } from './handler.js';
import { measureSearch, measureSummarize } from './latency.js';
import { residentMb } from './measure.js';
import { autocompleteInputs, searchQueries } from './queries.js';
import { measureWatch } from './watch.js';

/** The baseline for cold start: only reading the bytes, the way the loader reads them, no parsing. */
function readAllFiles(dir: string): number {
  const start = performance.now();
  for (const name of readdirSync(dir)) readFileSync(join(dir, name));
  return performance.now() - start;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const dir = values.dir!;
  const size = Number(values.size);
  const seed = Number(values.seed);
  const logger = silentLogger();
  const idle = residentMb();

  const start = performance.now();
  const articles = await loadArticleFolder({ dir, logger });
  const loaded = performance.now();
  const library = new ArticleLibrary(articles);
  const indexed = performance.now();
  const unsettled = residentMb(false);
  const memory = residentMb();
  if (library.size !== size) throw new Error(`expected ${size} articles in ${dir}, loaded ${library.size}`);
  const readOnlyMs = readAllFiles(dir);

  // Every 20th article is long (see corpus.ts); pick typical and long ones by id.
  const typical: Article[] = [];
  const long: Article[] = [];
  for (let i = 0; i < size && (typical.length < 1020 || long.length < 205); i++) {
    const list = i % 20 === 19 ? long : typical;
    if (list.length < (list === long ? 205 : 1020)) list.push(library.get(benchId(i))!);
  }
  const summarizeFigures = measureSummarize(typical, long);

  const vocab = createVocabulary(seed);
  const queries = searchQueries(vocab, seed);
  const partials = autocompleteInputs((id) => library.get(id)?.title, size, seed);
  const searchFigures = measureSearch(library, queries, partials);

  const handlerIds = Array.from({ length: Math.min(400, size - 20) }, (_, i) => benchId(i));
  const warmIds = Array.from({ length: 20 }, (_, i) => benchId(handlerIds.length + i));
  const handler = await measureHandlers(library, handlerIds, warmIds, queries);

  const watch = await measureWatch(library, dir, logger);

  const result = {
    size,
    coldStartMs: indexed - start,
    loadMs: loaded - start,
    indexMs: indexed - loaded,
    readOnlyMs,
    rssMb: memory.rssMb,
    heapUsedMb: memory.heapUsedMb,
    externalMb: memory.externalMb,
    rssBeforeGcMb: unsettled.rssMb,
    rssIdleMb: idle.rssMb,
    summarize: summarizeFigures,
    search: searchFigures,
    queries,
    handler,
    watch,
  };
  await writeFile(values.out!, JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
