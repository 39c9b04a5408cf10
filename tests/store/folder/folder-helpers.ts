// A temp articles folder, a temp database and a folder sync over them, for the sync and watcher tests.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCatalog } from '../../../src/store/catalog/sqlite-catalog.js';
import type { ArticleCatalog } from '../../../src/store/catalog/types.js';
import { type Database, openDatabase } from '../../../src/store/database.js';
import type { FileReader } from '../../../src/store/folder/folder-files.js';
import { type FolderChange, FolderSync } from '../../../src/store/folder/folder-sync.js';
import { captureLogger, type LogLine, WARN } from '../../helpers/logger.js';
import { manualClock } from '../../helpers/deps.js';
import { openStores } from '../../../src/store/open-stores.js';
import { freshPostgresUrl } from '../contract/backends.js';

export interface Bench {
  root: string;
  dir: string;
  dbPath: string;
  clock: ReturnType<typeof manualClock>;
  write(name: string, text: string | Uint8Array): Promise<void>;
  /** Runs when the test ends (closing what openRun opened), before the folder goes. */
  closers: (() => Promise<void>)[];
  cleanup(): Promise<void>;
}

export async function tempFolder(): Promise<Bench> {
  const root = await mkdtemp(join(tmpdir(), 'news-sync-'));
  const dir = join(root, 'articles');
  await mkdir(dir);
  const closers: (() => Promise<void>)[] = [];
  return {
    root,
    dir,
    dbPath: join(root, 'db', 'news.sqlite'),
    clock: manualClock(),
    // Through a hidden temp file and a rename, so a watcher never sees a half-written file.
    async write(name, text) {
      await writeFile(join(dir, `.${name}.partial`), text);
      await rename(join(dir, `.${name}.partial`), join(dir, name));
    },
    closers,
    async cleanup() {
      for (const close of closers.splice(0)) await close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A reader that counts reads, so a test can tell which files a sync looked at. */
export function countingReader(inner?: FileReader): FileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readFile(path) {
      reads.push(path.split('/').pop()!);
      return inner ? inner.readFile(path) : readFileSync(path);
    },
  };
}

export interface Run {
  db: Database;
  catalog: SqliteCatalog;
  sync: FolderSync;
  changes: FolderChange[];
  warnings: () => LogLine[];
  reader: ReturnType<typeof countingReader>;
}

/** One "process": opens the database, builds the catalog and a sync, as the bot would at start. */
export interface RunOptions {
  reader?: FileReader;
  /** Wraps the catalog the sync writes to (to inject a failure). */
  catalog?: (catalog: ArticleCatalog) => ArticleCatalog;
  batchSize?: number;
  maxBytes?: number;
}

export function startRun(bench: Bench, options: RunOptions = {}): Run {
  const db = openDatabase(bench.dbPath);
  return { db, ...syncOver(bench, new SqliteCatalog(db, bench.clock), options) };
}

export type FolderBackend = 'sqlite' | 'postgres';
const postgresUrls = new WeakMap<Bench, string>();

/**
 * One "process" on either backend, through the catalog interface only: a new connection to the
 * bench's database each time (on PostgreSQL, a schema of its own per test, made on first use).
 */
export async function openRun(backend: FolderBackend, bench: Bench, options: RunOptions = {}): Promise<Omit<Run, 'db' | 'catalog'> & { catalog: ArticleCatalog }> {
  if (backend === 'sqlite') return startRun(bench, options);
  let databaseUrl = postgresUrls.get(bench);
  if (!databaseUrl) postgresUrls.set(bench, (databaseUrl = await freshPostgresUrl()));
  const stores = await openStores({ databasePath: '(unused)', databaseUrl }, { logger: captureLogger().logger, clock: bench.clock, postgres: { max: 2 } });
  bench.closers.push(() => stores.close());
  return syncOver(bench, stores.catalog, options);
}

function syncOver<C extends ArticleCatalog>(bench: Bench, catalog: C, { reader, catalog: wrap, batchSize, maxBytes }: RunOptions) {
  const { logger, lines } = captureLogger();
  const changes: FolderChange[] = [];
  const counting = countingReader(reader);
  const sync = new FolderSync({
    dir: bench.dir,
    logger,
    catalog: wrap ? wrap(catalog) : catalog,
    clock: bench.clock,
    reader: counting,
    batchSize: batchSize ?? 100,
    ...(maxBytes ? { maxBytes } : {}),
    onChange: (change) => changes.push(change),
  });
  return { catalog, sync, changes, warnings: () => lines.filter((line) => line.level === WARN), reader: counting };
}
