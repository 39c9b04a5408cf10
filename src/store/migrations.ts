// The database schema, as numbered migrations. The version lives in PRAGMA user_version; each
// migration runs once, inside the same transaction as the version bump. Never edit a released
// migration: add the next one.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'per-server settings',
    up(db) {
      db.exec(`
        CREATE TABLE guild_settings (
          guild_id TEXT PRIMARY KEY,
          news_channel_id TEXT,
          summary_sentences INTEGER NOT NULL CHECK (summary_sentences BETWEEN 1 AND 10),
          color INTEGER NOT NULL CHECK (color BETWEEN 0 AND 16777215),
          mention_role_id TEXT,
          updated_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
