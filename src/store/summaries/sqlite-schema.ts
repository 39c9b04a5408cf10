// The SQLite schema of the model summary cache, as one self-contained migration: it touches no other
// table, so its number can change when branches merge without changing what it does.
import type { Migration } from '../migrations.js';

export const MODEL_SUMMARIES_MIGRATION: Migration = {
  version: 7,
  description: 'model-written summaries per article version, and the claim that asks the model once',
  up(db) {
    db.exec(`
      -- One row per (article, version of its title and body, length, model). 'pending' while a process
      -- asks the model (owner and claimed_at say who and since when); then 'accepted' with the summary
      -- as a JSON array of sentences, 'rejected' with the reason (never asked again), or 'failed' with
      -- the reason and the time before which nobody asks again.
      CREATE TABLE model_summaries (
        article_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        sentences INTEGER NOT NULL CHECK (sentences BETWEEN 1 AND 10),
        model TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected', 'failed')),
        owner TEXT,
        claimed_at INTEGER,
        retry_after INTEGER,
        summary TEXT,
        reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (article_id, content_hash, sentences, model)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
