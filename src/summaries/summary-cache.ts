// The record of what a model said about each article version, and the claim that makes sure a version
// is sent to the model at most once, however many processes share the database. The interface speaks
// of summaries and claims, not tables, so SQLite and PostgreSQL can both keep it, and one contract test
// suite holds every backend to the same behaviour. MemorySummaryCache is the reference for one process.

/**
 * One article version as the model sees it, at one length, from one model. A changed title or body
 * gives a new contentHash and so a new summary; a changed tag or picture does not.
 */
export interface SummaryKey {
  articleId: string;
  contentHash: string;
  sentences: number;
  model: string;
}

export type CachedSummary =
  /** The checked answer: shown from now on. */
  | { state: 'accepted'; sentences: string[] }
  /** The answer was refused (or unreadable); this version is never asked again. */
  | { state: 'rejected'; reason: string }
  /** A process is asking the model right now (or died doing so; after a while the claim may be taken over). */
  | { state: 'pending'; owner: string; claimedAt: Date }
  /** The last try failed for a reason that may pass (timeout, 5xx); nobody asks again before retryAfter. */
  | { state: 'failed'; reason: string; retryAfter: Date };

export type ClaimResult = { claimed: true } | { claimed: false; current: CachedSummary };

export interface SummaryCache {
  /** What is known about this version, changing nothing. */
  get(key: SummaryKey): Promise<CachedSummary | undefined>;
  /**
   * Takes the right to ask the model, for `owner` (unique per try). Wins when nothing is recorded, when
   * a pending claim was made before `staleBefore` (its process is presumed dead), or when a failed try's
   * retryAfter is not after `at`. Atomic across processes: of two claims at once, exactly one wins; the
   * loser gets what is recorded.
   */
  claim(key: SummaryKey, owner: string, at: Date, staleBefore: Date): Promise<ClaimResult>;
  /**
   * Records the checked answer while the version is still pending, whoever holds the claim (a claim
   * taken over from a slow process still ends with the first answer). False when nothing was pending.
   */
  accept(key: SummaryKey, sentences: readonly string[], at: Date): Promise<boolean>;
  /** Records a refusal for good, on the same terms as accept. */
  reject(key: SummaryKey, reason: string, at: Date): Promise<boolean>;
  /**
   * Gives the claim back after a failure that may pass: only `owner`'s own pending claim, so a slow
   * process never frees a claim someone else took over. False when that claim was no longer there.
   */
  release(key: SummaryKey, owner: string, reason: string, retryAfter: Date, at: Date): Promise<boolean>;
}

/** The key as one string, for maps (in-process deduplication, the memory store). */
export function keyString(key: SummaryKey): string {
  return JSON.stringify([key.articleId, key.contentHash, key.sentences, key.model]);
}

/** One process's cache, with the same rules as the database ones: for tests and the offline CLI. */
export class MemorySummaryCache implements SummaryCache {
  private readonly rows = new Map<string, CachedSummary>();

  async get(key: SummaryKey): Promise<CachedSummary | undefined> {
    return copy(this.rows.get(keyString(key)));
  }

  async claim(key: SummaryKey, owner: string, at: Date, staleBefore: Date): Promise<ClaimResult> {
    const id = keyString(key);
    const current = this.rows.get(id);
    const free =
      current === undefined ||
      (current.state === 'pending' && current.claimedAt < staleBefore) ||
      (current.state === 'failed' && current.retryAfter <= at);
    if (!free) return { claimed: false, current: copy(current)! };
    this.rows.set(id, { state: 'pending', owner, claimedAt: at });
    return { claimed: true };
  }

  async accept(key: SummaryKey, sentences: readonly string[]): Promise<boolean> {
    return this.settle(key, { state: 'accepted', sentences: [...sentences] });
  }

  async reject(key: SummaryKey, reason: string): Promise<boolean> {
    return this.settle(key, { state: 'rejected', reason });
  }

  async release(key: SummaryKey, owner: string, reason: string, retryAfter: Date): Promise<boolean> {
    const id = keyString(key);
    const current = this.rows.get(id);
    if (current?.state !== 'pending' || current.owner !== owner) return false;
    this.rows.set(id, { state: 'failed', reason, retryAfter });
    return true;
  }

  private settle(key: SummaryKey, entry: CachedSummary): boolean {
    const id = keyString(key);
    if (this.rows.get(id)?.state !== 'pending') return false;
    this.rows.set(id, entry);
    return true;
  }
}

function copy(entry: CachedSummary | undefined): CachedSummary | undefined {
  if (!entry) return undefined;
  return entry.state === 'accepted' ? { state: 'accepted', sentences: [...entry.sentences] } : { ...entry };
}
