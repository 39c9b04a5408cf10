// The PostgreSQL schema, as numbered migrations of its own (they need not match SQLite's numbers). The
// versions applied are rows of schema_migrations. All pending migrations run in one transaction that
// first takes an advisory lock, so two processes starting together migrate once: the second waits,
// then finds nothing left to do. Never edit a released migration: add the next one.
import type pg from 'pg';
import { PG_CATALOG_MIGRATION } from './catalog-schema.js';
import { inTransaction, type Pool } from './pool.js';

export interface PgMigration {
  version: number;
  description: string;
  /** One or more statements, run as they are. */
  sql: string;
}

/** Any fixed number: every process of the bot on one database takes this same lock to migrate. */
const MIGRATION_LOCK = 7_364_102_911;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'settings, schedules with leases, deliveries and their log, first sightings, handled interactions',
    sql: `
      CREATE TABLE guild_settings (
        guild_id text PRIMARY KEY,
        news_channel_id text,
        summary_sentences integer NOT NULL CHECK (summary_sentences BETWEEN 1 AND 10),
        color integer NOT NULL CHECK (color BETWEEN 0 AND 16777215),
        mention_role_id text,
        updated_at timestamptz NOT NULL
      );

      -- lease_owner and lease_until name the process running the schedule and until when; both NULL
      -- when no one is. Ids sort bytewise, as in SQLite, whatever the database's collation.
      CREATE TABLE schedules (
        id text COLLATE "C" PRIMARY KEY,
        guild_id text NOT NULL,
        channel_id text NOT NULL,
        rule jsonb NOT NULL,
        count integer NOT NULL CHECK (count BETWEEN 1 AND 5),
        query text,
        created_at timestamptz NOT NULL,
        new_since timestamptz,
        backfill integer NOT NULL DEFAULT 0 CHECK (backfill BETWEEN 0 AND 10),
        next_run_at timestamptz NOT NULL,
        retry_at timestamptz,
        failures integer NOT NULL DEFAULT 0,
        paused_reason text,
        pause_notified boolean NOT NULL DEFAULT false,
        notice_error text,
        last_run_at timestamptz,
        last_result jsonb,
        lease_owner text,
        lease_until timestamptz,
        CHECK ((lease_owner IS NULL) = (lease_until IS NULL))
      );
      CREATE INDEX schedules_by_guild ON schedules (guild_id, created_at, id);
      CREATE INDEX schedules_due ON schedules ((coalesce(retry_at, next_run_at)), id) WHERE paused_reason IS NULL;

      -- One row per (channel, article), written before the message is sent. The key is what makes a
      -- second post of the same article impossible, from any process.
      CREATE TABLE deliveries (
        channel_id text NOT NULL,
        article_id text COLLATE "C" NOT NULL,
        schedule_id text,
        nonce text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'sent', 'skipped')),
        message_id text,
        claimed_at timestamptz NOT NULL,
        sent_at timestamptz,
        reason text,
        PRIMARY KEY (channel_id, article_id)
      );
      CREATE INDEX deliveries_pending ON deliveries (channel_id, claimed_at) WHERE state = 'pending';

      CREATE TABLE delivery_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        schedule_id text,
        guild_id text,
        channel_id text NOT NULL,
        article_id text NOT NULL,
        at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('pending', 'posted', 'skipped', 'failed', 'unconfirmed')),
        message_id text,
        code integer,
        reason text
      );
      CREATE INDEX delivery_log_by_schedule ON delivery_log (schedule_id, id);
      CREATE INDEX delivery_log_by_pair ON delivery_log (channel_id, article_id, id);

      -- Kept when the article is deleted, so an article that comes back is not new again.
      CREATE TABLE article_first_seen (
        article_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL
      );

      CREATE TABLE handled_interactions (
        interaction_id text PRIMARY KEY,
        handled_at timestamptz NOT NULL
      );
      CREATE INDEX handled_interactions_by_time ON handled_interactions (handled_at);
    `,
  },
  {
    version: 2,
    description: 'a mention role pinged once per run, and the processes sharing the database',
    sql: `
      CREATE TABLE instances (
        owner text PRIMARY KEY,
        seen_at timestamptz NOT NULL
      );
      ALTER TABLE schedules ADD COLUMN mentioned_for timestamptz;
      ALTER TABLE deliveries ADD COLUMN mention_role text;
    `,
  },
  {
    version: 3,
    description: 'post targets: forums, threads, publishing and webhooks',
    sql: `
      -- How a schedule posts (see the SQLite migration 6); NULL: plain messages into a channel.
      ALTER TABLE schedules ADD COLUMN target jsonb;
      ALTER TABLE deliveries ADD COLUMN thread_id text;
      ALTER TABLE deliveries ADD COLUMN published_at timestamptz;

      CREATE TABLE publish_queue (
        channel_id text NOT NULL,
        message_id text NOT NULL,
        guild_id text,
        schedule_id text,
        article_id text NOT NULL,
        queued_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        tried_at timestamptz,
        PRIMARY KEY (channel_id, message_id)
      );
      CREATE INDEX publish_queue_due ON publish_queue (due_at);
      CREATE INDEX publish_queue_by_schedule ON publish_queue (schedule_id);

      -- The webhook tokens live here and nowhere else.
      CREATE TABLE channel_webhooks (
        channel_id text PRIMARY KEY,
        guild_id text NOT NULL,
        webhook_id text NOT NULL,
        token text NOT NULL,
        recreated boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL
      );

      ALTER TABLE guild_settings ADD COLUMN webhook_name text;
      ALTER TABLE guild_settings ADD COLUMN webhook_avatar_url text;
    `,
  },
  {
    version: 4,
    description: 'model-written summaries per article version, and the claim that asks the model once',
    sql: `
      CREATE TABLE model_summaries (
        article_id text NOT NULL,
        content_hash text NOT NULL,
        sentences integer NOT NULL CHECK (sentences BETWEEN 1 AND 10),
        model text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected', 'failed')),
        owner text,
        claimed_at timestamptz,
        retry_after timestamptz,
        summary jsonb,
        reason text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (article_id, content_hash, sentences, model)
      );
    `,
  },
  {
    version: 5,
    description: "where each schedule's queue of new articles resumes",
    sql: 'ALTER TABLE schedules ADD COLUMN queue_cursor text;',
  },
  PG_CATALOG_MIGRATION,
  {
    version: 7,
    description: 'feeds: what each server follows, how each fetch went, and the identities of their entries',
    sql: `
      -- guild_id NULL: an operator feed, visible in every server. removed_at is set while a feed is
      -- being removed (its articles leave the catalog under its lease).
      CREATE TABLE feeds (
        id text PRIMARY KEY,
        guild_id text,
        url text NOT NULL,
        name text,
        title text,
        full_text boolean NOT NULL,
        etag text,
        last_modified text,
        next_fetch_at timestamptz NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        last_error text,
        last_fetch_at timestamptz,
        last_success_at timestamptz,
        failing boolean NOT NULL DEFAULT false,
        failing_notified boolean NOT NULL DEFAULT false,
        notice_error text,
        created_at timestamptz NOT NULL,
        removed_at timestamptz,
        lease_owner text,
        lease_until timestamptz
      );
      CREATE UNIQUE INDEX feeds_url_per_guild ON feeds ((coalesce(guild_id, '')), url) WHERE removed_at IS NULL;
      CREATE INDEX feeds_by_guild ON feeds (guild_id);
      CREATE INDEX feeds_due ON feeds (next_fetch_at);

      -- Every identity of every entry a feed has had; content_hash NULL while pending (see store/feeds.ts).
      CREATE TABLE feed_entries (
        feed_id text NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        identity text NOT NULL,
        entry_key text NOT NULL,
        article_id text NOT NULL,
        content_hash text,
        PRIMARY KEY (feed_id, identity)
      );
      CREATE INDEX feed_entries_by_article ON feed_entries (feed_id, article_id);
    `,
  },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS.at(-1)!.version;

async function appliedVersion(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return rows[0]?.version ?? 0;
}

/** Brings the schema up to date and returns its version; refuses a database newer than this code. */
export async function migratePostgres(pool: Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0;
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const current = await appliedVersion(client);
    if (current > latest) {
      throw new Error(`the database has schema version ${current}, newer than this bot knows (${latest}); upgrade the bot`);
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
    }
    return appliedVersion(client);
  });
}
