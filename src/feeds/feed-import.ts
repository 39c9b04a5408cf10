// One fetch of one feed, from the download to the catalog, for a caller that holds the feed's lease
// (the poller, /feed add, the CLI's `feeds fetch`). What a crash at each step leaves behind:
// 1. New entries' identities are recorded as pending. Dying here: the next fetch imports them anyway
//    (pending records are not "known"), and a removal finds their articles.
// 2. The new and changed entries go into the catalog in one batch (applyBatch is atomic). Dying here:
//    the validators are not stored yet, so the next fetch downloads the feed again and puts the same
//    articles under the same ids: unchanged, and their first sightings stay, so nothing is new twice.
// 3. The fetch's outcome, the validators and the confirmed records are stored in one transaction that
//    also ends the lease. Only then can a 304 or a known content hash skip an entry.
// So no entry is lost (nothing is marked known before its article is stored) and none is posted twice
// (article ids come from the entry's first key, and schedules go by article id and first sighting).
import { escapeDiscordText } from '../core/markdown.js';
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';
import type { ArticleCatalog, SourceOp } from '../store/catalog/types.js';
import type { EntryRecord, Feed, FeedPatch, FeedsStore } from '../store/feeds.js';
import { believableDate, feedEntryToArticle } from './entry-article.js';
import { articleIdFor, type ComparedEntry, compareWithKnown, type KnownEntry } from './entry-identity.js';
import { fetchFeed } from './fetch-feed.js';
import { FEED_FAILING_AFTER, isFailing, nextFetchAt } from './retry.js';
import type { SafeHttp } from './safe-http.js';
import type { FeedFetchResult, FetchFailure, ParsedFeed } from './types.js';

/** How often a feed that works is fetched. */
export const FEED_INTERVAL_MS = 15 * 60_000;
/** A fetch's lease on its feed, renewed every third of it while the fetch goes on. */
export const FEED_LEASE_MS = 60_000;
/** Linked pages read per fetch of a full-text feed, newest entries first; the others keep the feed's text. */
export const FULL_TEXT_PER_FETCH = 10;
/** Articles dropped from the catalog per batch when a feed is removed. */
const REMOVE_BATCH = 500;

/** What people call the feed: the name an admin gave it, else its own title, else its host. */
export function feedName(feed: Pick<Feed, 'name' | 'title' | 'url'>): string {
  return feed.name ?? feed.title ?? new URL(feed.url).hostname;
}

/** Where a feed's articles come from, in the catalog. */
export const feedOrigin = (feedId: string): string => `feed:${feedId}`;

/** Tells a server about one of its feeds; resolves with why it could not, or undefined when it was told. */
export type FeedNotifier = (guildId: string, text: string) => Promise<string | undefined>;

export interface ImporterDeps {
  feeds: FeedsStore;
  catalog: ArticleCatalog;
  http: SafeHttp;
  clock: Clock;
  logger: Logger;
  /** This process, as the owner of the leases it takes. */
  owner: string;
  /** Absent where Discord cannot be reached (the CLI): a failing server feed is then announced by the bot's next fetch. */
  notify?: FeedNotifier;
  intervalMs?: number;
  leaseMs?: number;
  /** Jitter for backoff (tests pass a fixed one). */
  random?: () => number;
}

export type ImportResult =
  | { kind: 'imported'; feedId: string; title: string; found: number; added: number; updated: number; skipped: number; backlog: boolean }
  | { kind: 'not-modified'; feedId: string }
  | { kind: 'failed'; feedId: string; failure: FetchFailure; failures: number; failing: boolean }
  /** The host asked the bot to wait (Retry-After on another feed of it): nothing was requested. */
  | { kind: 'waiting'; feedId: string; until: Date }
  /** Another process took the feed over (this one stalled past its lease): nothing was recorded here. */
  | { kind: 'lost'; feedId: string };

const SUCCESS: FeedPatch = { failures: 0, lastError: null, failing: false, failingNotified: false, noticeError: null };

export class FeedImporter {
  constructor(private readonly deps: ImporterDeps) {}

  get leaseMs(): number {
    return this.deps.leaseMs ?? FEED_LEASE_MS;
  }

  /** Fetches the feed (or takes `fetched`, a result already in hand) and records the outcome. The caller holds the lease. */
  async importLeased(feed: Feed, fetched?: FeedFetchResult): Promise<ImportResult> {
    return this.keepingLease(feed.id, async () => {
      const result = fetched ?? (await fetchFeed(this.deps.http, feed.url, { ...(feed.etag && { etag: feed.etag }), ...(feed.lastModified && { lastModified: feed.lastModified }) }));
      if (result.kind === 'failed') return this.failed(feed, result);
      const now = this.deps.clock.now();
      const success = { ...SUCCESS, lastFetchAt: now, lastSuccessAt: now, nextFetchAt: this.next(now, 0) };
      if (result.kind === 'not-modified') {
        return (await this.deps.feeds.finishFetch(feed.id, this.deps.owner, success, [])) ? { kind: 'not-modified', feedId: feed.id } : this.lost(feed);
      }
      const patch = { ...success, title: result.feed.title, etag: result.etag ?? null, lastModified: result.lastModified ?? null };
      return this.store(feed, result.feed, patch, now);
    });
  }

  /** Takes a removed feed's articles out of the catalog, then the feed itself. The caller holds the lease. */
  async removeLeased(feed: Feed): Promise<number> {
    return this.keepingLease(feed.id, async () => {
      let removed = 0;
      for (let after = ''; ; ) {
        const ids = await this.deps.feeds.articleIds(feed.id, after, REMOVE_BATCH);
        if (ids.length === 0) break;
        removed += (await this.deps.catalog.applyBatch(feedOrigin(feed.id), ids.map((id): SourceOp => ({ op: 'drop-article', id })))).removed.length;
        after = ids[ids.length - 1]!;
      }
      await this.deps.feeds.purge(feed.id, this.deps.owner);
      this.deps.logger.info({ feedId: feed.id, guildId: feed.guildId, removed }, 'feed removed with its articles');
      return removed;
    });
  }

  private next(now: Date, failures: number, retryAfterMs?: number): Date {
    const input = { nowMs: now.getTime(), intervalMs: this.deps.intervalMs ?? FEED_INTERVAL_MS, consecutiveFailures: failures, ...(retryAfterMs !== undefined && { retryAfterMs }) };
    return new Date(nextFetchAt(input, this.deps.random ? { random: this.deps.random } : {}));
  }

  private lost(feed: Feed): ImportResult {
    this.deps.logger.warn({ feedId: feed.id }, 'another process took this feed over; its fetch was not recorded here');
    return { kind: 'lost', feedId: feed.id };
  }

  private async store(feed: Feed, parsed: ParsedFeed, patch: FeedPatch, now: Date): Promise<ImportResult> {
    const { feeds, catalog, owner, logger } = this.deps;
    const backlog = feed.lastSuccessAt === null;
    const identities = parsed.entries.flatMap((entry) => entry.identities);
    const known = await feeds.knownEntries(feed.id, identities);
    // Pending records are not known yet: their entries are imported again (to the same ids).
    const compared = compareWithKnown(parsed.entries, (identity) => {
      const found = known.get(identity);
      return found?.contentHash ? ({ key: found.key, contentHash: found.contentHash } satisfies KnownEntry) : undefined;
    });
    const fresh = compared.filter((item) => item.status !== 'unchanged');
    const records = recordsOf(feed.id, compared, known);
    const pending = records.filter((record) => !known.has(record.identity)).map((record) => ({ ...record, contentHash: null }));
    if (pending.length > 0) await feeds.recordPending(feed.id, pending);

    let added = 0;
    let updated = 0;
    if (fresh.length > 0) {
      const texts = feed.fullText ? await this.fullTexts(fresh) : new Map<string, string>();
      const source = feed.name ?? parsed.title;
      const ops = fresh.map(({ entry, key }): SourceOp => {
        const fullText = texts.get(key);
        const article = feedEntryToArticle(entry, { feedId: feed.id, source, key, firstSeenAt: now, ...(fullText && { fullText }) });
        return { op: 'put-article', incoming: { article, seenAt: now, guildId: feed.guildId, undated: !believableDate(entry, now), backlog } };
      });
      const { upserts } = await catalog.applyBatch(feedOrigin(feed.id), ops);
      added = upserts.filter((u) => u.outcome === 'added').length;
      updated = upserts.filter((u) => u.outcome === 'updated').length;
    }
    if (parsed.skipped.length > 0) {
      logger.warn({ feedId: feed.id, skipped: parsed.skipped.slice(0, 10) }, `skipped ${parsed.skipped.length} entr${parsed.skipped.length === 1 ? 'y' : 'ies'} of a feed`);
    }
    if (!(await feeds.finishFetch(feed.id, owner, patch, records))) return this.lost(feed);
    logger.info({ feedId: feed.id, found: parsed.entries.length, added, updated, backlog }, 'feed fetched');
    return { kind: 'imported', feedId: feed.id, title: parsed.title, found: parsed.entries.length, added, updated, skipped: parsed.skipped.length, backlog };
  }

  /** The linked pages' text for the newest entries with a link, by entry key (entries without stay as the feed has them). */
  private async fullTexts(entries: ComparedEntry[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const newest = entries
      .filter(({ entry }) => entry.url)
      .sort((a, b) => (b.entry.publishedAt?.getTime() ?? 0) - (a.entry.publishedAt?.getTime() ?? 0))
      .slice(0, FULL_TEXT_PER_FETCH);
    for (const { entry, key } of newest) {
      // Loaded on first use: the DOM and Readability cost about 30 MB that feeds without full text never need.
      const { extractFullText } = await import('./full-text.js');
      const result = await extractFullText(this.deps.http, entry.url!, entry.body);
      if (result.from === 'page') texts.set(key, result.body);
      else this.deps.logger.debug({ url: entry.url, reason: result.reason }, 'kept the feed text of an entry');
    }
    return texts;
  }

  private async failed(feed: Feed, failure: FetchFailure): Promise<ImportResult> {
    const { feeds, owner, logger, clock } = this.deps;
    const now = clock.now();
    // Another feed of the same host drew a Retry-After: this one was not even asked for.
    if (failure.code === 'rate-limited' && failure.status === undefined && failure.retryAfterMs !== undefined) {
      const until = new Date(now.getTime() + failure.retryAfterMs);
      return (await feeds.finishFetch(feed.id, owner, { nextFetchAt: until }, [])) ? { kind: 'waiting', feedId: feed.id, until } : this.lost(feed);
    }
    const failures = feed.failures + 1;
    const failing = isFailing(failures);
    // Marked before the notice goes out: a server hears about a failing feed once, even if the notice fails.
    const tell = failing && !feed.failingNotified && (feed.guildId === null || this.deps.notify !== undefined);
    const patch: FeedPatch = { failures, failing, lastError: failure.reason, lastFetchAt: now, nextFetchAt: this.next(now, failures, failure.retryAfterMs), ...(tell && { failingNotified: true, noticeError: null }) };
    if (!(await feeds.finishFetch(feed.id, owner, patch, []))) return this.lost(feed);
    logger.warn({ feedId: feed.id, code: failure.code, reason: failure.reason, detail: failure.detail, failures }, 'feed fetch failed');
    if (tell) await this.tellFailing(feed, failure);
    return { kind: 'failed', feedId: feed.id, failure, failures, failing };
  }

  private async tellFailing(feed: Feed, failure: FetchFailure): Promise<void> {
    const { logger, feeds, notify } = this.deps;
    const name = escapeDiscordText(feedName(feed));
    if (feed.guildId === null) {
      logger.error({ feedId: feed.id, url: feed.url, reason: failure.reason }, 'a global feed is failing: it failed 10 times in a row');
      return;
    }
    const text = `The news feed \`${feed.id}\` (${name}) failed ${FEED_FAILING_AFTER} times in a row and is marked failing: ${failure.reason}. ` +
      'It is still tried now and then; `/feed list` shows its status, and `/feed remove` removes it.';
    if (!notify) return;
    const problem = await notify(feed.guildId, text);
    if (problem === undefined) return;
    logger.warn({ feedId: feed.id, guildId: feed.guildId, problem }, 'could not tell the server its feed is failing');
    await feeds.update(feed.id, { noticeError: problem });
  }

  /** Runs `work` while renewing the lease every third of its length (a long full-text fetch outlives one). */
  private async keepingLease<T>(feedId: string, work: () => Promise<T>): Promise<T> {
    const { feeds, owner, clock, logger } = this.deps;
    const timer = setInterval(() => {
      feeds.renewLease(feedId, owner, new Date(clock.now().getTime() + this.leaseMs)).catch((error: unknown) => logger.warn({ err: error, feedId }, 'could not renew a feed lease'));
    }, this.leaseMs / 3);
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }
}

/**
 * The records to keep after a fetch: every identity of each new or changed entry, and any identity of
 * an unchanged entry not recorded yet (a guid scheme that changed). An identity other than the key that
 * several entries of this document share (every item linking to the home page) is not recorded: it
 * cannot tell them apart, and recorded it could later match the wrong entry.
 */
function recordsOf(feedId: string, compared: ComparedEntry[], known: Map<string, EntryRecord>): EntryRecord[] {
  const uses = new Map<string, number>();
  for (const { entry } of compared) for (const id of entry.identities) uses.set(id, (uses.get(id) ?? 0) + 1);
  const records: EntryRecord[] = [];
  for (const { entry, key, status } of compared) {
    const articleId = articleIdFor(feedId, key);
    entry.identities.forEach((identity, index) => {
      if (index > 0 && uses.get(identity)! > 1) return;
      const stored = known.get(identity);
      if (status === 'unchanged' && stored?.contentHash && stored.key === key) return;
      records.push({ identity, key, articleId, contentHash: entry.contentHash });
    });
  }
  return records;
}
