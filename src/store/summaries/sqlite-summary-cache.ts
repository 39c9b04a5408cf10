// The model summary cache in SQLite. A unique key decides every race: a claim is an insert, or an
// update that only applies to a stale claim or a failure whose wait is over, so of two processes
// claiming at once exactly one sees a changed row. Settling only touches a pending row.
import { z } from 'zod';
import type { CachedSummary, ClaimResult, SummaryCache, SummaryKey } from '../../summaries/summary-cache.js';
import type { Database } from '../database.js';

interface Row {
  state: CachedSummary['state'];
  owner: string | null;
  claimed_at: number | null;
  retry_after: number | null;
  summary: string | null;
  reason: string | null;
}

const KEY = 'article_id = @articleId AND content_hash = @contentHash AND sentences = @sentences AND model = @model';
const storedSentences = z.array(z.string()).min(1);

export class SqliteSummaryCache implements SummaryCache {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      get: db.prepare<[SummaryKey], Row>(`SELECT state, owner, claimed_at, retry_after, summary, reason FROM model_summaries WHERE ${KEY}`),
      claim: db.prepare(`INSERT INTO model_summaries (article_id, content_hash, sentences, model, state, owner, claimed_at, updated_at)
        VALUES (@articleId, @contentHash, @sentences, @model, 'pending', @owner, @at, @at)
        ON CONFLICT (article_id, content_hash, sentences, model) DO UPDATE
          SET state = 'pending', owner = excluded.owner, claimed_at = excluded.claimed_at, retry_after = NULL, reason = NULL, updated_at = excluded.updated_at
          WHERE (state = 'pending' AND claimed_at < @staleBefore) OR (state = 'failed' AND retry_after <= @at)`),
      settle: db.prepare(`UPDATE model_summaries SET state = @state, summary = @summary, reason = @reason, owner = NULL, updated_at = @at
        WHERE ${KEY} AND state = 'pending'`),
      release: db.prepare(`UPDATE model_summaries SET state = 'failed', reason = @reason, retry_after = @retryAfter, owner = NULL, updated_at = @at
        WHERE ${KEY} AND state = 'pending' AND owner = @owner`),
    };
  }

  async get(key: SummaryKey): Promise<CachedSummary | undefined> {
    const row = this.statements.get.get(plain(key));
    return row ? toCached(row) : undefined;
  }

  async claim(key: SummaryKey, owner: string, at: Date, staleBefore: Date): Promise<ClaimResult> {
    // The read that follows a lost claim is in the same transaction, so it shows what beat us.
    return this.db.transaction((): ClaimResult => {
      const won = this.statements.claim.run({ ...plain(key), owner, at: at.getTime(), staleBefore: staleBefore.getTime() }).changes > 0;
      if (won) return { claimed: true };
      return { claimed: false, current: toCached(this.statements.get.get(plain(key))!) };
    }).immediate();
  }

  async accept(key: SummaryKey, sentences: readonly string[], at: Date): Promise<boolean> {
    return this.statements.settle.run({ ...plain(key), state: 'accepted', summary: JSON.stringify(sentences), reason: null, at: at.getTime() }).changes > 0;
  }

  async reject(key: SummaryKey, reason: string, at: Date): Promise<boolean> {
    return this.statements.settle.run({ ...plain(key), state: 'rejected', summary: null, reason, at: at.getTime() }).changes > 0;
  }

  async release(key: SummaryKey, owner: string, reason: string, retryAfter: Date, at: Date): Promise<boolean> {
    return this.statements.release.run({ ...plain(key), owner, reason, retryAfter: retryAfter.getTime(), at: at.getTime() }).changes > 0;
  }
}

// Only the four key fields: a caller's object may carry more, and a stray field must never meet a
// parameter of the same name by accident.
function plain({ articleId, contentHash, sentences, model }: SummaryKey): SummaryKey {
  return { articleId, contentHash, sentences, model };
}

function toCached(row: Row): CachedSummary {
  switch (row.state) {
    case 'accepted': {
      const parsed = storedSentences.safeParse(safeJson(row.summary));
      // A row edited by hand into nonsense is treated as a refusal: never shown, never asked again.
      return parsed.success ? { state: 'accepted', sentences: parsed.data } : { state: 'rejected', reason: 'the stored summary is unreadable' };
    }
    case 'rejected':
      return { state: 'rejected', reason: row.reason ?? '' };
    case 'pending':
      return { state: 'pending', owner: row.owner ?? '', claimedAt: new Date(row.claimed_at ?? 0) };
    case 'failed':
      return { state: 'failed', reason: row.reason ?? '', retryAfter: new Date(row.retry_after ?? 0) };
  }
}

function safeJson(text: string | null): unknown {
  try {
    return text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
