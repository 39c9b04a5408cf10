// The first import of one size, in a fresh process (spawned by scripts/bench.ts) so the resident memory
// it reports belongs to the import alone: the whole folder into an empty catalog, as a first start does.
// Usage: node --expose-gc --import tsx scripts/bench/child-import.ts --dir <folder> --db <file> --size <n> --out <file>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createLogger } from '../../src/logger.js';
import { SqliteCatalog } from '../../src/store/catalog/sqlite-catalog.js';
import { openDatabase } from '../../src/store/database.js';
import { FolderSync } from '../../src/store/folder/folder-sync.js';
import { residentMb } from './measure.js';

/** The baseline for the import: only reading the bytes, no parsing, no database. */
function readAllFiles(dir: string): number {
  const start = performance.now();
  for (const name of readdirSync(dir)) readFileSync(join(dir, name));
  return performance.now() - start;
}

const fileMb = (path: string): number => (statSync(path, { throwIfNoEntry: false })?.size ?? 0) / 2 ** 20;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, db: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const dir = values.dir!;
  const size = Number(values.size);
  const idle = residentMb();
  // Progress lines go to stderr, as the bot logs them, so a long import shows how far it is.
  const logger = createLogger('info', process.stderr);

  const start = performance.now();
  const db = openDatabase(values.db!);
  const catalog = new SqliteCatalog(db);
  let writeMs = 0;
  const timed = Object.create(catalog) as SqliteCatalog;
  timed.applyBatch = async (origin, ops) => {
    const at = performance.now();
    const result = await catalog.applyBatch(origin, ops);
    writeMs += performance.now() - at;
    return result;
  };
  const totals = await new FolderSync({ dir, logger, catalog: timed }).syncAll();
  const firstImportMs = performance.now() - start;
  const unsettled = residentMb(false);
  const memory = residentMb();
  const articles = await catalog.count();
  if (articles !== size) throw new Error(`expected ${size} articles in ${dir}, imported ${articles}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const dbMb = fileMb(values.db!);
  db.close();
  const readOnlyMs = readAllFiles(dir);

  const result = {
    size,
    firstImportMs,
    writeMs,
    importPerSecond: size / (firstImportMs / 1000),
    totals,
    rssMb: memory.rssMb,
    heapUsedMb: memory.heapUsedMb,
    externalMb: memory.externalMb,
    rssBeforeGcMb: unsettled.rssMb,
    rssIdleMb: idle.rssMb,
    readOnlyMs,
    dbMb,
  };
  await writeFile(values.out!, JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
