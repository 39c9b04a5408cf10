// The database schema, as numbered migrations. The version lives in PRAGMA user_version; each
// migration runs once, inside the same transaction as the version bump. Never edit a released
// migration: add the next one.
import type { Database } from 'better-sqlite3';
import { CATALOG_MIGRATION } from './catalog/sqlite-schema.js';

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
  {
    version: 2,
    description: 'scheduled posts and the record of every delivery',
    up(db) {
      db.exec(`
        CREATE TABLE schedules (
          id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          rule TEXT NOT NULL,
          count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 5),
          query TEXT,
          created_at INTEGER NOT NULL,
          next_run_at INTEGER NOT NULL,
          retry_at INTEGER,
          failures INTEGER NOT NULL DEFAULT 0,
          paused_reason TEXT,
          pause_notified INTEGER NOT NULL DEFAULT 0,
          last_run_at INTEGER,
          last_result TEXT
        ) STRICT;
        CREATE INDEX schedules_by_guild ON schedules (guild_id);
        CREATE INDEX schedules_due ON schedules (coalesce(retry_at, next_run_at)) WHERE paused_reason IS NULL;

        -- One row per (channel, article), written before the message is sent: 'pending' until Discord
        -- confirms, then 'sent'. The key is what makes a second post of the same article impossible.
        CREATE TABLE deliveries (
          channel_id TEXT NOT NULL,
          article_id TEXT NOT NULL,
          schedule_id TEXT,
          nonce TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'sent')),
          message_id TEXT,
          claimed_at INTEGER NOT NULL,
          sent_at INTEGER,
          PRIMARY KEY (channel_id, article_id)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  CATALOG_MIGRATION,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
