// Opens the SQLite database (better-sqlite3) and brings its schema up to date. WAL mode and a busy
// timeout let two processes share the file safely; a locked or corrupt file stops start-up with a
// message naming the path, and the file is never overwritten or deleted.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { type Migration, MIGRATIONS } from './migrations.js';

export type { Database };

/** How long a write waits for another process's lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

export class DatabaseOpenError extends Error {
  constructor(path: string, reason: string) {
    super(`Cannot use the database at ${resolve(path)}: ${reason}. The file was left as it is.`);
    this.name = 'DatabaseOpenError';
  }
}

function explain(error: unknown, busyTimeoutMs: number): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return 'it is not a SQLite database or it is corrupt (restore a backup or point DATABASE_PATH elsewhere)';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `it is locked by another process (waited ${busyTimeoutMs} ms)`;
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the file cannot be opened (check the folder exists and is writable)';
  if (code.startsWith('SQLITE_READONLY')) return 'the file is read-only';
  return (error as Error).message;
}

/** Runs the migrations the database has not seen yet, each in a transaction with its version bump. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`the database has schema version ${current}, newer than this bot knows (${latest}); upgrade the bot`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // IMMEDIATE takes the write lock first, so two processes starting together migrate one at a time,
    // and the second sees the new version and skips.
    db.transaction(() => {
      const seen = db.pragma('user_version', { simple: true }) as number;
      if (seen >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export function openDatabase(path: string, { migrations = MIGRATIONS, busyTimeoutMs = BUSY_TIMEOUT_MS }: OpenOptions = {}): Database {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new DatabaseOpenError(path, `its folder cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db?.close();
    throw new DatabaseOpenError(path, explain(error, busyTimeoutMs));
  }
}

