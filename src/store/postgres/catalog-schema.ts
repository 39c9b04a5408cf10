// The PostgreSQL schema of the article catalog, one self-contained migration. Search and exact filters
// use PostgreSQL's own full-text search over text the bot has already normalized with filterTokens
// (folded, plurals reduced): the bot writes each tsvector itself, lexeme by lexeme, so no text-search
// parser or dictionary of the server touches the words, and the index holds exactly what
// src/core/filter.ts compares. Positions carry the field as a weight: A title, B body, C the id's words,
// with a gap between fields so a phrase never runs from one into the next. It reads only
// article_first_seen (migration 1) besides its own tables, so its number can move at a merge.
import type { PgMigration } from './migrations.js';

export const PG_CATALOG_MIGRATION: PgMigration = {
  version: 6,
  description: 'the article catalog: articles, full-text index, vocabulary, source files, first sightings, summaries',
  sql: `
    -- Every article id ever seen, never deleted: its first sighting survives the article. A new id is
    -- sighted at least a millisecond after every id before it (writers take one lock, see
    -- catalog-writes.ts), so first-sighting order is the order ids arrived in: the schedule queue's order.
    -- Ids sort bytewise (COLLATE "C"), as in SQLite and in JavaScript, whatever the database's collation.
    CREATE TABLE article_keys (
      id text COLLATE "C" PRIMARY KEY,
      first_seen_at timestamptz NOT NULL
    );
    CREATE INDEX article_keys_by_first_seen ON article_keys (first_seen_at);
    -- Sightings recorded before the catalog existed keep their time.
    INSERT INTO article_keys (id, first_seen_at) SELECT article_id, first_seen_at FROM article_first_seen;

    -- origin is where an article came from ('folder', 'feed:<id>'); source is the publisher's name.
    -- guild_id NULL means visible in every server. first_seen_at repeats article_keys (it never changes)
    -- so the schedule queue has an index. words: title (A), body (B) and id (C), for search and filters;
    -- title_words: title (A) and id (C) alone, small, for the title tier and autocomplete. exact_text is
    -- set only for an article too long for a tsvector to keep every position (more than 16,383 words, or
    -- a word more than 256 times): its normalized words, which exact filters then read instead.
    CREATE TABLE articles (
      id text COLLATE "C" PRIMARY KEY REFERENCES article_keys (id),
      origin text NOT NULL,
      guild_id text,
      published_at timestamptz NOT NULL,
      first_seen_at timestamptz NOT NULL,
      content_hash text NOT NULL,
      ref_hash text,
      updated_at timestamptz NOT NULL,
      url text,
      source text,
      author text,
      image text,
      tags jsonb NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      words tsvector NOT NULL,
      title_words tsvector NOT NULL,
      exact_text text
    );
    CREATE INDEX articles_newest ON articles (published_at DESC, id);
    CREATE INDEX articles_queue ON articles (first_seen_at, published_at, id);
    CREATE INDEX articles_lower_id ON articles ((lower(id)));
    CREATE INDEX articles_ref_hash ON articles (ref_hash) WHERE ref_hash IS NOT NULL;
    CREATE INDEX articles_by_guild ON articles (guild_id) WHERE guild_id IS NOT NULL;
    CREATE INDEX articles_words ON articles USING gin (words);
    CREATE INDEX articles_title_words ON articles USING gin (title_words);
    CREATE INDEX articles_exact ON articles (first_seen_at) WHERE exact_text IS NOT NULL;

    -- The indexed words with how many articles hold each: a half-typed last word becomes its commonest
    -- completions, and a misspelt word the words one edit away, found through their one-letter
    -- deletions (an index lookup per deletion instead of a scan of the vocabulary).
    CREATE TABLE search_terms (
      term text COLLATE "C" PRIMARY KEY,
      docs integer NOT NULL
    );
    CREATE TABLE search_term_variants (
      variant text COLLATE "C" NOT NULL,
      term text COLLATE "C" NOT NULL,
      PRIMARY KEY (variant, term)
    );

    -- What a source last read of each file, so a restart reads only files whose size or time changed.
    CREATE TABLE source_files (
      origin text NOT NULL,
      path text COLLATE "C" NOT NULL,
      article_id text,
      size bigint NOT NULL,
      mtime_ms double precision NOT NULL,
      hash text NOT NULL,
      state text NOT NULL CHECK (state IN ('indexed', 'bad', 'shadowed')),
      reason text,
      PRIMARY KEY (origin, path)
    );

    -- Summaries per article version (content_hash) and kind ('extractive'; a model's later).
    CREATE TABLE article_summaries (
      article_id text COLLATE "C" NOT NULL,
      kind text NOT NULL,
      sentences integer NOT NULL,
      content_hash text NOT NULL,
      summary jsonb NOT NULL,
      PRIMARY KEY (article_id, kind, sentences, content_hash)
    );
  `,
};
