// Summaries written by a model when one is configured, with the extractive summarizer as the answer
// whenever the model cannot give one: not configured, failing, slow, or answering something the check
// refuses. Each article version goes to the model at most once: the cache's claim decides between
// processes, and concurrent requests inside this process share one promise. Every fallback that comes
// from a try of this process is logged as one line with its reason; the key and article text never are.
import { randomUUID } from 'node:crypto';
import type { SummaryModelConfig } from '../config.js';
import type { ArticleText } from '../core/summary-candidates.js';
import { clampCount, summarize as extractiveSummary } from '../core/summarizer.js';
import { summaryLabel } from '../core/summary-label.js';
import type { Logger } from '../logger.js';
import type { ArticleForCheck } from './check-answer.js';
import { summaryContentHash } from './content-hash.js';
import { MODEL_TIMEOUT_MS, type ModelAnswer, requestModelSummary } from './model-client.js';
import { type CachedSummary, keyString, type SummaryCache, type SummaryKey } from './summary-cache.js';
import { type DeferOptions, summarizeWithin, type SummaryWithin, type WaitHooks } from './within-deadline.js';

export type ArticleSummary = { kind: 'model'; sentences: string[]; model: string } | { kind: 'extractive'; sentences: string[]; reason?: string };

/** What a summary needs of an article (an Article fits). */
export interface SummaryArticle extends ArticleForCheck {
  id: string;
}

export interface ModelSummariesOptions {
  /** Unset: every summary is extractive and nothing else is touched. */
  config?: SummaryModelConfig;
  cache: SummaryCache;
  logger: Logger;
  clock?: { now(): Date };
  /** The model client; tests may put a stand-in here. */
  request?: typeof requestModelSummary;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The fallback; the news service may pass its own cached one. */
  extractive?: (article: ArticleText, sentences: number) => string[];
  /** After a failure that may pass, how long that article version waits before the model is asked again. */
  retryAfterMs?: number;
  /** A pending claim older than this belongs to a process presumed dead, and may be taken over. */
  staleClaimMs?: number;
  /** After a failure that may pass, how long this process asks the model about nothing at all. */
  pauseAfterFailureMs?: number;
  /** How long to wait for another process's answer to the same version, checking every pollMs. */
  waitForOtherMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface InFlight {
  promise: Promise<ArticleSummary>;
  slow: boolean;
  waiters: (() => void)[];
}

const systemClock = { now: () => new Date() };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ModelSummaries {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly shutdown = new AbortController();
  private readonly options: Required<Omit<ModelSummariesOptions, 'config' | 'fetch'>> & Pick<ModelSummariesOptions, 'config' | 'fetch'>;
  private pausedUntil = 0;

  constructor(options: ModelSummariesOptions) {
    const timeoutMs = options.timeoutMs ?? MODEL_TIMEOUT_MS;
    this.options = {
      clock: systemClock,
      request: requestModelSummary,
      extractive: extractiveSummary,
      retryAfterMs: 10 * 60_000,
      staleClaimMs: 2 * 60_000,
      pauseAfterFailureMs: 60_000,
      waitForOtherMs: timeoutMs + 1000,
      pollMs: 250,
      sleep: realSleep,
      // An option passed as undefined means "the default", not "nothing".
      ...(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ModelSummariesOptions),
      timeoutMs,
    };
  }

  /** Whether a model is configured at all. */
  get enabled(): boolean {
    return this.options.config !== undefined;
  }

  /** The summary of `sentences` (clamped to 1..10) sentences; never rejects. */
  summarize(article: SummaryArticle, sentences: number, hooks: WaitHooks = {}): Promise<ArticleSummary> {
    const count = clampCount(sentences);
    const config = this.options.config;
    if (!config || !article.body.trim()) return Promise.resolve(this.extractive(article, count));
    const key: SummaryKey = { articleId: article.id, contentHash: summaryContentHash(article), sentences: count, model: config.model };
    const id = keyString(key);
    const running = this.inFlight.get(id);
    if (running) {
      if (hooks.onWait && running.slow) hooks.onWait();
      else if (hooks.onWait) running.waiters.push(hooks.onWait);
      return running.promise;
    }
    const entry: InFlight = { promise: undefined as unknown as Promise<ArticleSummary>, slow: false, waiters: hooks.onWait ? [hooks.onWait] : [] };
    // The first moment the answer is known to need the model, everyone waiting for it hears so.
    const slow = () => {
      if (entry.slow) return;
      entry.slow = true;
      for (const waiter of entry.waiters.splice(0)) waiter();
    };
    entry.promise = this.resolve(article, key, config, slow).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, entry);
    return entry.promise;
  }

  /** summarize() for an interaction: defers it only when the answer is not at hand (see within-deadline.ts). */
  summarizeWithin(article: SummaryArticle, sentences: number, options: DeferOptions): Promise<SummaryWithin<ArticleSummary>> {
    return summarizeWithin((hooks) => this.summarize(article, sentences, hooks), options);
  }

  /** Cancels requests in flight (at shutdown); their versions may be asked again at once by the next process. */
  close(): void {
    this.shutdown.abort();
  }

  private async resolve(article: SummaryArticle, key: SummaryKey, config: SummaryModelConfig, slow: () => void): Promise<ArticleSummary> {
    try {
      const now = this.options.clock.now();
      if (now.getTime() < this.pausedUntil) {
        const cached = await this.options.cache.get(key);
        if (cached?.state === 'accepted') return { kind: 'model', sentences: cached.sentences, model: key.model };
        return this.fallback(article, key, 'the endpoint failed moments ago; not asking it yet', 'debug');
      }
      const owner = randomUUID();
      const claim = await this.options.cache.claim(key, owner, now, new Date(now.getTime() - this.options.staleClaimMs));
      if (!claim.claimed) return await this.fromRecord(article, key, claim.current, slow);
      slow();
      return await this.ask(article, key, config, owner);
    } catch (error) {
      return this.fallback(article, key, 'the summary cache failed', 'warn', error);
    }
  }

  private async ask(article: SummaryArticle, key: SummaryKey, config: SummaryModelConfig, owner: string): Promise<ArticleSummary> {
    const options = { fetch: this.options.fetch, timeoutMs: this.options.timeoutMs, signal: this.shutdown.signal };
    // The real client never throws; a stand-in that does is a failure that may pass, not a cache failure.
    const answer = await this.options.request(article, key.sentences, config, options).catch((): ModelAnswer => ({ ok: false, reason: 'the model client failed', transient: true, rejected: false }));
    const at = this.options.clock.now();
    if (answer.ok) {
      await this.store(key, () => this.options.cache.accept(key, answer.sentences, at));
      return { kind: 'model', sentences: answer.sentences, model: key.model };
    }
    if (answer.rejected) {
      await this.store(key, () => this.options.cache.reject(key, answer.reason, at));
    } else {
      // Stopped by shutdown: the next process may ask at once. Otherwise the endpoint gets a rest.
      const closing = this.shutdown.signal.aborted;
      const retryAfter = new Date(at.getTime() + (closing ? 0 : this.options.retryAfterMs));
      await this.store(key, () => this.options.cache.release(key, owner, answer.reason, retryAfter, at));
      if (!closing) this.pausedUntil = at.getTime() + this.options.pauseAfterFailureMs;
    }
    return this.fallback(article, key, answer.reason, 'warn');
  }

  // What another try (of this or another process) left behind.
  private async fromRecord(article: SummaryArticle, key: SummaryKey, record: CachedSummary, slow: () => void): Promise<ArticleSummary> {
    if (record.state === 'accepted') return { kind: 'model', sentences: record.sentences, model: key.model };
    if (record.state === 'rejected') return this.fallback(article, key, `the model's answer was refused earlier: ${record.reason}`, 'debug');
    if (record.state === 'failed') return this.fallback(article, key, `the model failed earlier (${record.reason}); asking again after ${record.retryAfter.toISOString()}`, 'debug');
    slow();
    // Counted rather than timed, so a stopped clock cannot make this loop forever.
    for (let polls = Math.ceil(this.options.waitForOtherMs / this.options.pollMs); polls > 0; polls--) {
      await this.options.sleep(this.options.pollMs);
      const now = await this.options.cache.get(key);
      if (now && now.state !== 'pending') return this.fromRecord(article, key, now, slow);
    }
    return this.fallback(article, key, 'another process is still asking the model', 'debug');
  }

  // A failed write must not cost the answer in hand; the claim left pending is taken over when stale.
  private async store(key: SummaryKey, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.options.logger.warn({ err: error, articleId: key.articleId, model: key.model }, 'could not record the model summary outcome');
    }
  }

  private fallback(article: SummaryArticle, key: SummaryKey, reason: string, level: 'warn' | 'debug', error?: unknown): ArticleSummary {
    const context = { articleId: article.id, model: key.model, sentences: key.sentences, reason, ...(error ? { err: error } : {}) };
    this.options.logger[level](context, 'model summary not used; extractive summary instead');
    return { ...this.extractive(article, key.sentences), reason };
  }

  private extractive(article: ArticleText, sentences: number): { kind: 'extractive'; sentences: string[] } {
    return { kind: 'extractive', sentences: this.options.extractive(article, sentences) };
  }
}

/** The footer words for a summary: "summary, 3 sentences" or "summary by <model>, 3 sentences". */
export function summaryFooterLabel(summary: ArticleSummary): string {
  return summaryLabel(summary.sentences.length, summary.kind === 'model' ? summary.model : undefined);
}
