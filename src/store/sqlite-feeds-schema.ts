// The SQLite schema of the feeds store, one self-contained migration (it reads no other table, so its
// number can change at a merge).
import type { Migration } from './migrations.js';

export const FEEDS_MIGRATION: Migration = {
  version: 10,
  description: 'feeds: what each server follows, how each fetch went, and the identities of their entries',
  up(db) {
    db.exec(`
      -- guild_id NULL: an operator feed, visible in every server. Times are epoch milliseconds.
      -- removed_at is set while a feed is being removed (its articles leave the catalog under its lease).
      CREATE TABLE feeds (
        id TEXT PRIMARY KEY,
        guild_id TEXT,
        url TEXT NOT NULL,
        name TEXT,
        title TEXT,
        full_text INTEGER NOT NULL CHECK (full_text IN (0, 1)),
        etag TEXT,
        last_modified TEXT,
        next_fetch_at INTEGER NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_fetch_at INTEGER,
        last_success_at INTEGER,
        failing INTEGER NOT NULL DEFAULT 0 CHECK (failing IN (0, 1)),
        failing_notified INTEGER NOT NULL DEFAULT 0 CHECK (failing_notified IN (0, 1)),
        notice_error TEXT,
        created_at INTEGER NOT NULL,
        removed_at INTEGER,
        lease_owner TEXT,
        lease_until INTEGER
      ) STRICT;
      -- One server follows an address once (and the global list once); a feed being removed no longer counts.
      CREATE UNIQUE INDEX feeds_url_per_guild ON feeds (coalesce(guild_id, ''), url) WHERE removed_at IS NULL;
      CREATE INDEX feeds_by_guild ON feeds (guild_id);
      CREATE INDEX feeds_due ON feeds (next_fetch_at);

      -- Every identity of every entry a feed has had (guid, link, title with date), pointing at the key
      -- the entry was first stored under and its article. content_hash NULL: pending (see store/feeds.ts).
      CREATE TABLE feed_entries (
        feed_id TEXT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        identity TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        article_id TEXT NOT NULL,
        content_hash TEXT,
        PRIMARY KEY (feed_id, identity)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX feed_entries_by_article ON feed_entries (feed_id, article_id);
    `);
  },
};
