// The model summary cache in PostgreSQL (see the SQLite store and summaries/summary-cache.ts for the
// rules). The key decides every race: a claim is an insert, or an update that applies only to a stale
// claim or a failure whose wait is over, so of two processes claiming at once exactly one wins.
import { z } from 'zod';
import type { CachedSummary, ClaimResult, SummaryCache, SummaryKey } from '../../summaries/summary-cache.js';
import { inTransaction, type Pool } from './pool.js';

interface Row {
  state: CachedSummary['state'];
  owner: string | null;
  claimed_at: Date | null;
  retry_after: Date | null;
  summary: unknown;
  reason: string | null;
}

const KEY = 'article_id = $1 AND content_hash = $2 AND sentences = $3 AND model = $4';
const keyParams = (k: SummaryKey): unknown[] => [k.articleId, k.contentHash, k.sentences, k.model];
const storedSentences = z.array(z.string()).min(1);

function toCached(row: Row): CachedSummary {
  switch (row.state) {
    case 'accepted': {
      const parsed = storedSentences.safeParse(row.summary);
      // A row edited by hand into nonsense is treated as a refusal: never shown, never asked again.
      return parsed.success ? { state: 'accepted', sentences: parsed.data } : { state: 'rejected', reason: 'the stored summary is unreadable' };
    }
    case 'rejected':
      return { state: 'rejected', reason: row.reason ?? '' };
    case 'pending':
      return { state: 'pending', owner: row.owner ?? '', claimedAt: row.claimed_at ?? new Date(0) };
    case 'failed':
      return { state: 'failed', reason: row.reason ?? '', retryAfter: row.retry_after ?? new Date(0) };
  }
}

const SELECT = `SELECT state, owner, claimed_at, retry_after, summary, reason FROM model_summaries WHERE ${KEY}`;

export class PgSummaryCache implements SummaryCache {
  constructor(private readonly pool: Pool) {}

  async get(key: SummaryKey): Promise<CachedSummary | undefined> {
    const { rows } = await this.pool.query<Row>(SELECT, keyParams(key));
    return rows[0] ? toCached(rows[0]) : undefined;
  }

  async claim(key: SummaryKey, owner: string, at: Date, staleBefore: Date): Promise<ClaimResult> {
    // The read that follows a lost claim is in the same transaction, so it shows what beat us.
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO model_summaries (article_id, content_hash, sentences, model, state, owner, claimed_at, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6)
         ON CONFLICT (article_id, content_hash, sentences, model) DO UPDATE
           SET state = 'pending', owner = excluded.owner, claimed_at = excluded.claimed_at, retry_after = NULL, reason = NULL, updated_at = excluded.updated_at
           WHERE (model_summaries.state = 'pending' AND model_summaries.claimed_at < $7)
              OR (model_summaries.state = 'failed' AND model_summaries.retry_after <= $6)`,
        [...keyParams(key), owner, at, staleBefore],
      );
      if (rowCount === 1) return { claimed: true };
      const { rows } = await client.query<Row>(SELECT, keyParams(key));
      return { claimed: false, current: toCached(rows[0]!) };
    });
  }

  async accept(key: SummaryKey, sentences: readonly string[], at: Date): Promise<boolean> {
    return this.settle(key, 'accepted', JSON.stringify(sentences), null, at);
  }

  async reject(key: SummaryKey, reason: string, at: Date): Promise<boolean> {
    return this.settle(key, 'rejected', null, reason, at);
  }

  async release(key: SummaryKey, owner: string, reason: string, retryAfter: Date, at: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE model_summaries SET state = 'failed', reason = $6, retry_after = $7, owner = NULL, updated_at = $8
       WHERE ${KEY} AND state = 'pending' AND owner = $5`,
      [...keyParams(key), owner, reason, retryAfter, at],
    );
    return rowCount === 1;
  }

  private async settle(key: SummaryKey, state: 'accepted' | 'rejected', summary: string | null, reason: string | null, at: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE model_summaries SET state = $5, summary = $6::jsonb, reason = $7, owner = NULL, updated_at = $8 WHERE ${KEY} AND state = 'pending'`,
      [...keyParams(key), state, summary, reason, at],
    );
    return rowCount === 1;
  }
}
