import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, migrate, openDatabase } from '../../src/store/database.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-db-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);

describe('openDatabase', () => {
  it('creates the folder and migrates an empty file to the latest version with WAL and foreign keys', () => {
    const db = openDatabase(join(dir, 'nested', 'deeper', 'bot.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toContain('guild_settings');
    db.close();
  });

  it('is idempotent: opening again changes nothing', () => {
    const path = join(dir, 'bot.sqlite');
    openDatabase(path).close();
    const db = openDatabase(path);
    const before = tables(db);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(before);
    db.close();
  });

  it.each(MIGRATIONS.map((m) => m.version - 1))('upgrades a database at version %i and keeps its data', (version) => {
    const path = join(dir, `v${version}.sqlite`);
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= version) });
    expect(old.pragma('user_version', { simple: true })).toBe(version);
    if (version >= 1) {
      old.prepare("INSERT INTO guild_settings (guild_id, summary_sentences, color, updated_at) VALUES ('123456789012345678', 4, 255, 'x')").run();
    }
    old.close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    if (version >= 1) expect(db.prepare('SELECT summary_sentences FROM guild_settings').get()).toEqual({ summary_sentences: 4 });
    db.close();
  });

  it('rolls a failing migration back entirely', () => {
    const path = join(dir, 'fail.sqlite');
    const broken = [...MIGRATIONS, { version: LATEST_VERSION + 1, description: 'broken', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE half (x); SELECT nope FROM missing;') }];
    expect(() => openDatabase(path, { migrations: broken })).toThrow(DatabaseOpenError);
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuses a database from a newer version of the bot', () => {
    const path = join(dir, 'newer.sqlite');
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this bot knows/);
  });

  it('gives a clear error for a corrupt file, naming the path, and leaves the file untouched', async () => {
    const path = join(dir, 'corrupt.sqlite');
    const junk = Buffer.from('this is not a database at all, just some text that is long enough '.repeat(100));
    await writeFile(path, junk);
    expect(() => openDatabase(path)).toThrow(new RegExp(`Cannot use the database at ${path}: it is not a SQLite database or it is corrupt`));
    expect(Buffer.compare(await readFile(path), junk)).toBe(0);
  });

  it('gives a clear error when another process holds the lock', () => {
    const path = join(dir, 'locked.sqlite');
    const holder = new BetterSqlite3(path);
    holder.exec('BEGIN EXCLUSIVE; CREATE TABLE t (x);');
    try {
      expect(() => openDatabase(path, { busyTimeoutMs: 50 })).toThrow(/it is locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('two processes writing the same database at once lose nothing and corrupt nothing', async () => {
    const path = join(dir, 'shared.sqlite');
    // Made first, so the two writers meet on writes alone.
    openDatabase(path).close();
    const run = (prefix: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/fixtures/db-writer.ts', path, prefix, '300']);
    await Promise.all([run('1000000000000'), run('2000000000000')]);
    const db = openDatabase(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM guild_settings').get()).toEqual({ n: 600 });
    db.close();
  });
});
