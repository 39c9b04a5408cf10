// The database schema, as numbered migrations. The version lives in PRAGMA user_version; each
// migration runs once, inside the same transaction as the version bump. Never edit a released
// migration: add the next one.
import type { Database } from 'better-sqlite3';
import { MODEL_SUMMARIES_MIGRATION } from './summaries/sqlite-schema.js';

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
  {
    version: 3,
    description: 'new-only schedules, skipped articles and the delivery log',
    up(db) {
      db.exec(`
        -- When the bot first saw each article id. Kept when the article is deleted, so an article that
        -- comes back is not new again.
        CREATE TABLE article_first_seen (
          article_id TEXT PRIMARY KEY,
          first_seen_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- NULL for schedules stored before this version: their next run sets it, so an upgrade does not
        -- make the whole library new.
        ALTER TABLE schedules ADD COLUMN new_since INTEGER;
        ALTER TABLE schedules ADD COLUMN backfill INTEGER NOT NULL DEFAULT 0 CHECK (backfill BETWEEN 0 AND 10);
        ALTER TABLE schedules ADD COLUMN notice_error TEXT;

        -- deliveries gains the 'skipped' state (an article Discord refuses for good) and its reason.
        CREATE TABLE deliveries_v3 (
          channel_id TEXT NOT NULL,
          article_id TEXT NOT NULL,
          schedule_id TEXT,
          nonce TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'skipped')),
          message_id TEXT,
          claimed_at INTEGER NOT NULL,
          sent_at INTEGER,
          reason TEXT,
          PRIMARY KEY (channel_id, article_id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO deliveries_v3 (channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at)
          SELECT channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_v3 RENAME TO deliveries;
        CREATE INDEX deliveries_pending ON deliveries (channel_id, claimed_at) WHERE state = 'pending';

        -- Every try at delivering an article: opened as 'pending' before the send, finished with its outcome.
        CREATE TABLE delivery_log (
          id INTEGER PRIMARY KEY,
          schedule_id TEXT,
          guild_id TEXT,
          channel_id TEXT NOT NULL,
          article_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'posted', 'skipped', 'failed', 'unconfirmed')),
          message_id TEXT,
          code INTEGER,
          reason TEXT
        ) STRICT;
        CREATE INDEX delivery_log_by_schedule ON delivery_log (schedule_id, id);
        CREATE INDEX delivery_log_by_pair ON delivery_log (channel_id, article_id, id);
      `);
    },
  },
  MODEL_SUMMARIES_MIGRATION,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
