// The SQLite schema of the article catalog, one self-contained migration. Full-text search uses FTS5
// tables that hold no text of their own (contentless, with delete support): the text they index is
// already normalized by filterTokens (folded, plurals reduced), one word per space-separated token, and
// the `ascii` tokenizer splits on exactly those spaces. So the index holds what the exact filters of
// src/core/filter.ts compare, and a phrase query selects exactly what matchesFilter accepts. It reads
// only article_first_seen (migration 3) besides its own tables, so its number can change at a merge.
import type { Migration } from '../migrations.js';

export const CATALOG_MIGRATION: Migration = {
  version: 8,
  description: 'the article catalog: articles, full-text index, source files, first sightings, summaries',
  up(db) {
    db.exec(`
      -- Every article id ever seen, never deleted: its first sighting and the integer key its rows and
      -- index entries share (so a deleted and restored article keeps both). A new key's first sighting is
      -- never earlier than any before it, so key order is first-sighting order: a schedule's "first seen
      -- after" window is a key range, which the full-text index can seek to.
      CREATE TABLE article_keys (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        first_seen_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX article_keys_by_first_seen ON article_keys (first_seen_at);
      -- Sightings recorded before the catalog existed (article_first_seen) keep their time, in sighting order.
      INSERT INTO article_keys (id, first_seen_at)
        SELECT article_id, first_seen_at FROM article_first_seen ORDER BY first_seen_at, article_id;

      -- origin is where an article came from ('folder', 'feed:<id>'); source is the publisher's name.
      -- guild_id NULL means visible in every server. first_seen_at repeats article_keys (it never changes)
      -- so the schedule queue has an index. The text comes last: SQLite reads a row's columns in order,
      -- and a column after a long body would cost a walk through the body's overflow pages.
      CREATE TABLE articles (
        key INTEGER PRIMARY KEY REFERENCES article_keys (key),
        id TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        guild_id TEXT,
        published_at INTEGER NOT NULL,
        first_seen_at INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        ref_hash TEXT,
        updated_at INTEGER NOT NULL,
        url TEXT,
        source TEXT,
        author TEXT,
        image TEXT,
        tags TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL
      ) STRICT;
      CREATE INDEX articles_newest ON articles (published_at DESC, id);
      -- Covers the queue scan: a schedule run reads no article row until it posts.
      CREATE INDEX articles_queue ON articles (first_seen_at, published_at, id, guild_id, content_hash);
      CREATE INDEX articles_lower_id ON articles (lower(id));
      CREATE INDEX articles_ref_hash ON articles (ref_hash) WHERE ref_hash IS NOT NULL;
      CREATE INDEX articles_by_guild ON articles (guild_id) WHERE guild_id IS NOT NULL;

      -- Search and exact filters: title, body and the id's words. Positions are kept for phrases.
      CREATE VIRTUAL TABLE article_words USING fts5 (
        title, body, ref, content = '', contentless_delete = 1, tokenize = 'ascii'
      );
      -- Titles and ids alone, small enough to rank quickly; prefix indexes for typing in autocomplete.
      CREATE VIRTUAL TABLE article_titles USING fts5 (
        title, ref, content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '1 2 3'
      );
      -- The words of article_words with how many articles hold each: prefix completions take the
      -- commonest, and one-typo lookups go through every word with one letter deleted.
      CREATE TABLE search_terms (
        term TEXT PRIMARY KEY,
        docs INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE search_term_variants (
        variant TEXT NOT NULL,
        term TEXT NOT NULL,
        PRIMARY KEY (variant, term)
      ) STRICT, WITHOUT ROWID;

      -- What a source last read of each file, so a restart reads only files whose size or time changed.
      CREATE TABLE source_files (
        origin TEXT NOT NULL,
        path TEXT NOT NULL,
        article_id TEXT,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('indexed', 'bad', 'shadowed')),
        reason TEXT,
        PRIMARY KEY (origin, path)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX source_files_by_article ON source_files (article_id);

      -- Summaries per article version (content_hash) and kind ('extractive'; a model's later).
      CREATE TABLE article_summaries (
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        sentences INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        summary TEXT NOT NULL,
        PRIMARY KEY (article_id, kind, sentences, content_hash)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
