import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { openStores } from '../../../src/store/open-stores.js';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from '../../../src/store/postgres/migrations.js';
import { openPostgres } from '../../../src/store/postgres/open.js';
import { describeTarget, PostgresOpenError, withoutPassword } from '../../../src/store/postgres/pool.js';
import { freshPostgresUrl, POSTGRES_SKIP } from '../contract/backends.js';

const logger = silentLogger();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

async function versions(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) => row.version);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL start-up errors', () => {
  it('a server that is not there is named by host, port, database and user, never by password', async () => {
    const url = `postgres://bot:s3cret-pw@127.0.0.1:${await closedPort()}/news`;
    const error = await rejection(openPostgres(url, logger, { connectTimeoutMs: 2000 }));
    expect(error).toBeInstanceOf(PostgresOpenError);
    expect(error.message).toMatch(/^Cannot use the PostgreSQL database "news" on 127\.0\.0\.1:\d+ as "bot": nothing accepts connections there/);
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('describes a URL without its password, and scrubs the password from any text', () => {
    expect(describeTarget('postgresql://bot:pw@db.example.org/news?sslmode=verify-full')).toBe('database "news" on db.example.org:5432 as "bot"');
    expect(describeTarget('not a url')).toBe('the database in DATABASE_URL');
    expect(withoutPassword('failed for p%40ss and p@ss', 'postgres://u:p%40ss@h/d')).toBe('failed for p%40ss and ***');
  });
});

describe.skipIf(POSTGRES_SKIP !== undefined)(`PostgreSQL migrations${POSTGRES_SKIP ? ` skipped: ${POSTGRES_SKIP}` : ''}`, () => {
  it('migrates an empty database to the latest version once; opening again changes nothing', async () => {
    const url = await freshPostgresUrl();
    const stores = await openStores({ databasePath: '(unused)', databaseUrl: url }, { logger, clock: { now: () => new Date() } });
    expect(stores.backend).toBe('postgres');
    await stores.close();
    await (await openPostgres(url, logger)).end();
    expect(await versions(url)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('processes starting together migrate once and all start', async () => {
    const url = await freshPostgresUrl();
    const pools = await Promise.all(Array.from({ length: 4 }, () => openPostgres(url, logger, { max: 2 })));
    await Promise.all(pools.map((pool) => pool.end()));
    expect(await versions(url)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database from a newer version of the bot, naming the database', async () => {
    const url = await freshPostgresUrl();
    const pool = await openPostgres(url, logger);
    await pool.query("INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')");
    await pool.end();
    const error = await rejection(openPostgres(url, logger));
    expect(error.message).toContain(`the database has schema version 99, newer than this bot knows (${PG_LATEST_VERSION}); upgrade the bot`);
    expect(error.message).toMatch(/^Cannot use the PostgreSQL database "news_test_/);
  });

  it('rolls a failing migration back entirely', async () => {
    const url = await freshPostgresUrl();
    await (await openPostgres(url, logger)).end();
    const broken = [...PG_MIGRATIONS, { version: PG_LATEST_VERSION + 1, description: 'broken', sql: 'CREATE TABLE half (x integer); SELECT nope FROM missing;' }];
    expect((await rejection(openPostgres(url, logger, { migrations: broken }))).message).toMatch(/relation "missing" does not exist/);
    const pool = await openPostgres(url, logger);
    expect((await pool.query("SELECT to_regclass('half') AS half")).rows[0]).toEqual({ half: null });
    await pool.end();
    expect(await versions(url)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('a wrong password or a missing database is said plainly, without the password', async (context) => {
    const wrong = new URL(process.env.TEST_DATABASE_URL!);
    wrong.password = 'not-the-password';
    const refused = await rejection(openPostgres(wrong.toString(), logger)).catch(() => undefined);
    if (!refused) return context.skip('the test server accepts any password (trust authentication), so a refusal cannot be shown');
    expect(refused.message).toContain('the server refused the password for that user');
    expect(refused.message).not.toContain('not-the-password');
    const missing = new URL(process.env.TEST_DATABASE_URL!);
    missing.pathname = '/no_such_database';
    const absent = await rejection(openPostgres(missing.toString(), logger));
    expect(absent.message).toMatch(/database "no_such_database" on 127\.0\.0\.1:\d+ as "news_test": that database does not exist/);
    expect(absent.message).not.toContain(missing.password);
  });
});
