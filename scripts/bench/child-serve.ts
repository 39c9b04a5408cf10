// A restart over one size's catalog, in a fresh process: how soon it is ready next to the time it takes
// just to list the folder, its resident memory, then the bot's work on it (summaries, search,
// autocomplete, the /news handlers, planning 10,000 due schedules, the watcher).
// Usage: node --expose-gc --import tsx scripts/bench/child-serve.ts --dir <folder> --db <file> --size <n> --seed <s> --out <file>
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Article } from '../../src/core/article.js';
import { silentLogger } from '../../src/logger.js';
import { SqliteCatalog } from '../../src/store/catalog/sqlite-catalog.js';
import { openDatabase } from '../../src/store/database.js';
import { listFolder } from '../../src/store/folder/folder-listing.js';
import { FolderSync } from '../../src/store/folder/folder-sync.js';
import { benchId, createVocabulary } from './corpus.js';
import { measureHandlers } from './handler.js';
import { measureSearch, measureSummarize } from './latency.js';
import { residentMb } from './measure.js';
import { autocompleteInputs, searchQueries } from './queries.js';
import { measureSchedules } from './schedules.js';
import { measureWatch } from './watch.js';

/** The floor under any restart that checks the folder: every entry listed and its size and time read. */
async function listFolderMs(dir: string): Promise<number> {
  const start = performance.now();
  let files = 0;
  for await (const chunk of listFolder(dir)) files += chunk.length;
  if (files === 0) throw new Error(`no files in ${dir}`);
  return performance.now() - start;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, db: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const dir = values.dir!;
  const size = Number(values.size);
  const seed = Number(values.seed);
  const logger = silentLogger();
  const idle = residentMb();

  const listMs = await listFolderMs(dir);
  const start = performance.now();
  const db = openDatabase(values.db!);
  const catalog = new SqliteCatalog(db);
  const openMs = performance.now() - start;
  const totals = await new FolderSync({ dir, logger, catalog }).syncAll();
  const restartReadyMs = performance.now() - start;
  if (totals.added + totals.updated + totals.removed !== 0) throw new Error(`the restart changed the catalog: ${JSON.stringify(totals)}`);
  const memory = residentMb();

  // Every 20th article is long (see corpus.ts); pick typical and long ones by id.
  const typical: Article[] = [];
  const long: Article[] = [];
  for (let i = 0; i < size && (typical.length < 1020 || long.length < 205); i++) {
    const list = i % 20 === 19 ? long : typical;
    if (list.length < (list === long ? 205 : 1020)) list.push((await catalog.get(benchId(i)))!);
  }
  const summarizeFigures = measureSummarize(typical, long);

  const queries = searchQueries(createVocabulary(seed), seed);
  // The generator is deterministic: a first pass names the articles whose titles it wants.
  const wanted: string[] = [];
  autocompleteInputs((id) => void wanted.push(id), size, seed);
  const titles = new Map<string, string>();
  for (const id of wanted) titles.set(id, (await catalog.get(id))?.title ?? id);
  const partials = autocompleteInputs((id) => titles.get(id), size, seed);
  const searchFigures = await measureSearch(catalog, db, queries, partials, size);

  const handlerIds = Array.from({ length: Math.min(400, size - 20) }, (_, i) => benchId(i));
  const warmIds = Array.from({ length: 20 }, (_, i) => benchId(handlerIds.length + i));
  const handler = await measureHandlers(db, handlerIds, warmIds, queries, () => db.exec('DELETE FROM article_summaries'));

  const schedules = await measureSchedules(catalog, db, queries, seed, size);
  const watch = await measureWatch(catalog, dir, logger);
  db.close();

  const result = {
    size,
    listFolderMs: listMs,
    catalogOpenMs: openMs,
    restartReadyMs,
    rssAfterRestartMb: memory.rssMb,
    rssIdleMb: idle.rssMb,
    summarize: summarizeFigures,
    search: searchFigures,
    queries,
    handler,
    schedules,
    watch,
  };
  await writeFile(values.out!, JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
