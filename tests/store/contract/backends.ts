// The two backends every store contract test runs on. SQLite gets a fresh file per test; PostgreSQL a
// fresh database per test file (dropped at the end) and a fresh schema per test inside it, so test
// files run in parallel without seeing each other. PostgreSQL is found through TEST_DATABASE_URL
// (scripts/with-postgres.sh sets it); without it, or when the server cannot be reached, the PostgreSQL
// suites are reported as skipped with the reason in their name, never passed.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe } from 'vitest';
import type { Clock } from '../../../src/deps.js';
import { openStores, type Stores } from '../../../src/store/open-stores.js';
import { describeTarget, explainPostgresError } from '../../../src/store/postgres/pool.js';
import { captureLogger, type LogLine } from '../../helpers/logger.js';

export const clock: Clock = { now: () => new Date('2026-11-01T12:00:00Z') };

export interface Harness {
  stores: Stores;
  /** Another connection to the same database, as a second bot process would have. */
  another(): Promise<Stores>;
  /** Runs SQL directly, to make what only a hand edit could (a broken row), or to read rows (one SELECT). */
  sql(text: string): Promise<unknown[]>;
  logs: LogLine[];
}

async function probePostgres(): Promise<string | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const why = process.env.TEST_DATABASE_UNAVAILABLE;
    return why ? `PostgreSQL could not be started: ${why}` : 'TEST_DATABASE_URL is not set; bash scripts/with-postgres.sh npm test sets it';
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `cannot reach the ${describeTarget(url)}: ${explainPostgresError(error, 3000)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why the PostgreSQL tests are skipped, or undefined when they run. */
export const POSTGRES_SKIP = await probePostgres();
if (POSTGRES_SKIP) console.warn(`PostgreSQL store tests skipped: ${POSTGRES_SKIP}`);

/** This test file's own database on the test server, made on first use and dropped after the file. */
let fileDatabase: { name: string; url: URL } | undefined;
let schemas = 0;

/** One statement on its own connection (database admin, or a hand edit in a test's schema). */
async function rawPostgres(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text);
    return Array.isArray(result) ? [] : result.rows;
  } finally {
    await client.end();
  }
}

/** A URL to an empty schema of its own, in this file's database. */
export async function freshPostgresUrl(): Promise<string> {
  if (!fileDatabase) {
    const name = `news_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await rawPostgres(process.env.TEST_DATABASE_URL!, `CREATE DATABASE ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    fileDatabase = { name, url };
  }
  const schema = `t${++schemas}`;
  const url = new URL(fileDatabase.url);
  await rawPostgres(url.toString(), `CREATE SCHEMA ${schema}`);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

// Registered while the importing test file is collected, so it runs once, after all of that file's tests.
afterAll(async () => {
  if (!fileDatabase) return;
  const { name } = fileDatabase;
  fileDatabase = undefined;
  await rawPostgres(process.env.TEST_DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

interface Backend {
  name: 'sqlite' | 'postgres';
  skip: string | undefined;
  /** Where a new test's database is: the config openStores takes. */
  location(): Promise<{ databasePath: string; databaseUrl?: string }>;
}

const sqliteDirs: string[] = [];
const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    skip: undefined,
    async location() {
      const dir = await mkdtemp(join(tmpdir(), 'news-contract-'));
      sqliteDirs.push(dir);
      return { databasePath: join(dir, 'bot.sqlite') };
    },
  },
  {
    name: 'postgres',
    skip: POSTGRES_SKIP,
    async location() {
      return { databasePath: '(unused)', databaseUrl: await freshPostgresUrl() };
    },
  },
];

/** Declares the same tests once per backend; `open` gives each test a fresh, empty database. */
export function contractSuite(title: string, body: (open: () => Promise<Harness>) => void): void {
  for (const backend of BACKENDS) {
    const name = `${title} (${backend.name})${backend.skip ? ` skipped: ${backend.skip}` : ''}`;
    describe.skipIf(backend.skip !== undefined)(name, () => {
      const opened: Stores[] = [];
      const open = async (location: { databasePath: string; databaseUrl?: string }, logger = captureLogger().logger): Promise<Stores> => {
        const stores = await openStores(location, { logger, clock, postgres: { max: 4 } });
        opened.push(stores);
        return stores;
      };
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((stores) => stores.close()));
        await Promise.all(sqliteDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
      });
      body(async () => {
        const location = await backend.location();
        const { logger, lines } = captureLogger();
        const stores = await open(location, logger);
        return {
          stores,
          logs: lines,
          another: () => open(location),
          async sql(text) {
            if (!stores.sqlite) return rawPostgres(location.databaseUrl!, text);
            if (/^\s*SELECT\b/i.test(text)) return stores.sqlite.prepare(text).all();
            stores.sqlite.exec(text);
            return [];
          },
        };
      });
    });
  }
}
