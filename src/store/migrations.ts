// The database schema, as numbered migrations. The version lives in PRAGMA user_version; each
// migration runs once, inside the same transaction as the version bump. Never edit a released
// migration: add the next one.
import type { Database } from 'better-sqlite3';
import { CATALOG_MIGRATION } from './catalog/sqlite-schema.js';
import { MODEL_SUMMARIES_MIGRATION } from './summaries/sqlite-schema.js';
import { FEEDS_MIGRATION } from './sqlite-feeds-schema.js';

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
  {
    version: 4,
    description: 'schedule leases and handled interactions, for several processes on one database',
    up(db) {
      db.exec(`
        -- The process running a schedule and until when (epoch ms); both NULL when no one is. A process
        -- that dies mid-run leaves its lease to expire, and another takes the schedule over.
        ALTER TABLE schedules ADD COLUMN lease_owner TEXT;
        ALTER TABLE schedules ADD COLUMN lease_until INTEGER;

        -- One row per interaction answered: the key lets only the first process to see it act on it.
        CREATE TABLE handled_interactions (
          interaction_id TEXT PRIMARY KEY,
          handled_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX handled_interactions_by_time ON handled_interactions (handled_at);
      `);
    },
  },
  {
    version: 5,
    description: 'a mention role pinged once per run, and the processes sharing the database',
    up(db) {
      db.exec(`
        -- Each running bot process, seen within the last minute or so: they split the bot's global
        -- request budget with Discord between them.
        CREATE TABLE instances (
          owner TEXT PRIMARY KEY,
          seen_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        -- The run (its slot, epoch ms) whose mention went out: a process taking a run over does not
        -- ping the role again.
        ALTER TABLE schedules ADD COLUMN mentioned_for INTEGER;
        -- The role a claimed post pings, so a resend after a crash carries the same message.
        ALTER TABLE deliveries ADD COLUMN mention_role TEXT;
      `);
    },
  },
  {
    version: 6,
    description: 'post targets: forums, threads, publishing and webhooks',
    up(db) {
      db.exec(`
        -- How a schedule posts (forum, thread, a thread per article, publish, webhook, forum tags), as
        -- JSON. NULL: plain messages into a channel, as every schedule stored before this version.
        ALTER TABLE schedules ADD COLUMN target TEXT;

        -- A delivery with several steps records each as it is done, so a restart goes on with the next
        -- one: message_id once the post exists (the claim may still be pending), thread_id once a forum
        -- post's or a discussion thread exists, published_at once the post was crossposted.
        ALTER TABLE deliveries ADD COLUMN thread_id TEXT;
        ALTER TABLE deliveries ADD COLUMN published_at INTEGER;

        -- Posts waiting to be crossposted, in order per channel. Discord allows about 10 publishes an
        -- hour per channel: due_at is when the channel may be tried again. tried_at is set just before
        -- a publish is asked for, so after a crash the message is checked before asking again.
        CREATE TABLE publish_queue (
          channel_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          guild_id TEXT,
          schedule_id TEXT,
          article_id TEXT NOT NULL,
          queued_at INTEGER NOT NULL,
          due_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          tried_at INTEGER,
          PRIMARY KEY (channel_id, message_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX publish_queue_due ON publish_queue (due_at);
        CREATE INDEX publish_queue_by_schedule ON publish_queue (schedule_id);

        -- The webhook the bot made in a channel and posts through. The token is a secret: it lives here
        -- and nowhere else. recreated = 1 once a deleted webhook was made again.
        CREATE TABLE channel_webhooks (
          channel_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          webhook_id TEXT NOT NULL,
          token TEXT NOT NULL,
          recreated INTEGER NOT NULL DEFAULT 0 CHECK (recreated IN (0, 1)),
          created_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- How webhook posts look in a server (/config identity).
        ALTER TABLE guild_settings ADD COLUMN webhook_name TEXT;
        ALTER TABLE guild_settings ADD COLUMN webhook_avatar_url TEXT;
      `);
    },
  },
  MODEL_SUMMARIES_MIGRATION,
  CATALOG_MIGRATION,
  {
    version: 9,
    description: 'where each schedule\'s queue of new articles resumes',
    up(db) {
      // Opaque to the store (see store/catalog): NULL reads the queue from the schedule's start.
      db.exec('ALTER TABLE schedules ADD COLUMN queue_cursor TEXT;');
    },
  },
  FEEDS_MIGRATION,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
