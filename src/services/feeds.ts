// What /feed and the CLI's `feeds` commands do, apart from Discord: adding a feed with its first fetch,
// listing, removing with its articles, previewing an address, and fetching every feed once.
//
// Adding fetches first and saves only a feed that can be read, or that fails for a passing reason: an
// address that is refused (a private address, not http), is not a feed, does not exist (HTTP 4xx, a
// name that does not resolve) or has a bad certificate is refused with the reason and nothing is
// saved, since fetching it again would only fail again. A site that is down for a moment (no answer
// in time, HTTP 5xx or 429, a dropped connection) is saved and tried again with backoff, and the
// answer says so.
import { codePoints } from '../core/limits.js';
import { newShortId } from '../core/short-id.js';
import type { Clock } from '../deps.js';
import { UserError } from '../errors.js';
import type { FeedImporter, ImportResult } from '../feeds/feed-import.js';
import { fetchFeed } from '../feeds/fetch-feed.js';
import { parseHttpUrl, type SafeHttp } from '../feeds/safe-http.js';
import type { FetchFailure, ParsedFeed } from '../feeds/types.js';
import type { Feed, FeedsStore } from '../store/feeds.js';

/** Feeds one server may follow; global feeds (the operator's) are not limited. */
export const MAX_FEEDS_PER_GUILD = 50;
export const MAX_FEED_NAME = 100;
export const MAX_FEED_URL = 2000;

export interface FeedServiceDeps {
  feeds: FeedsStore;
  importer: FeedImporter;
  http: SafeHttp;
  clock: Clock;
  owner: string;
  /** Wakes the poller after a change (a new feed is due at its interval; a removal may be left to it). */
  poke?: () => void;
}

export interface AddFeedInput {
  /** The server, or null for a global (operator) feed. */
  guildId: string | null;
  url: string;
  name?: string | null;
  fullText?: boolean;
}

export interface ListedFeed {
  feed: Feed;
  articles: number;
}

export type RemoveOutcome = { feed: Feed; removed: number } | { feed: Feed; removed: 'later' };

export interface FetchAllSummary {
  results: ImportResult[];
  /** Waiting out a failure backoff: not fetched. */
  backingOff: Feed[];
  /** Being fetched by another process right now. */
  busy: Feed[];
}

/** Whether a feed whose first fetch failed this way is worth saving (the failure may pass). */
export function worthKeeping(failure: FetchFailure): boolean {
  return failure.transient && failure.code !== 'dns';
}

/** The address as stored: trimmed, absolute http(s), without a fragment; a UserError says what is wrong. */
export function feedUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new UserError('Give the address of a feed, such as https://news.example.org/rss.xml.');
  if (text.length > MAX_FEED_URL) throw new UserError(`That address is longer than ${MAX_FEED_URL} characters.`);
  const url = parseHttpUrl(text);
  if (!(url instanceof URL)) throw new UserError(`That address cannot be used: ${url.reason}.`);
  return url.href;
}

/** A name as given: one line, at most MAX_FEED_NAME characters; empty means none. */
export function feedNameInput(input: string | null | undefined): string | null {
  // Control characters and line breaks would break the one-line places a name is shown in.
  const name = (input ?? '').replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!name) return null;
  if (codePoints(name) > MAX_FEED_NAME) throw new UserError(`A feed name can be at most ${MAX_FEED_NAME} characters.`);
  return name;
}

export class FeedService {
  constructor(private readonly deps: FeedServiceDeps) {}

  /** Adds a feed and fetches it once; see the top of this file for what is refused. */
  async add(input: AddFeedInput): Promise<{ feed: Feed; result: ImportResult }> {
    const { feeds, importer, http, clock, owner } = this.deps;
    const url = feedUrl(input.url);
    const name = feedNameInput(input.name);
    const existing = await feeds.list(input.guildId);
    const duplicate = existing.find((feed) => feed.url === url);
    if (duplicate) throw alreadyFollowed(input.guildId, duplicate);
    if (input.guildId !== null && existing.length >= MAX_FEEDS_PER_GUILD) throw full();
    const fetched = await fetchFeed(http, url);
    if (fetched.kind === 'failed' && !worthKeeping(fetched)) throw new UserError(`Could not add the feed: ${fetched.reason}. Nothing was saved.`);
    for (let attempt = 0; attempt <= 5; attempt++) {
      const now = clock.now();
      const created = await feeds.create(
        { id: newShortId(), guildId: input.guildId, url, name, fullText: input.fullText ?? false, createdAt: now, nextFetchAt: now },
        { limit: MAX_FEEDS_PER_GUILD, lease: { owner, until: new Date(now.getTime() + importer.leaseMs) } },
      );
      if (created.kind === 'duplicate') throw alreadyFollowed(input.guildId, created.existing);
      if (created.kind === 'full') throw full();
      if (created.kind === 'id-taken') continue;
      const result = await importer.importLeased(created.feed, fetched);
      this.deps.poke?.();
      return { feed: (await feeds.get(created.feed.id)) ?? created.feed, result };
    }
    throw new Error('could not draw a free feed id in 6 tries');
  }

  /** A server's feeds (or the global ones) with how many articles each imported. */
  async list(guildId: string | null): Promise<ListedFeed[]> {
    return this.withCounts(await this.deps.feeds.list(guildId));
  }

  /** Every feed, for the operator. */
  async listAll(): Promise<ListedFeed[]> {
    return this.withCounts(await this.deps.feeds.listAll());
  }

  private async withCounts(feeds: Feed[]): Promise<ListedFeed[]> {
    const counts = await this.deps.feeds.articleCounts(feeds.map((feed) => feed.id));
    return feeds.map((feed) => ({ feed, articles: counts.get(feed.id) ?? 0 }));
  }

  /** A feed by id: in `guildId` only when given (a server's admins), any feed otherwise (the operator). */
  async find(id: string, guildId?: string): Promise<Feed> {
    const cleaned = id.trim().toLowerCase();
    const feed = /^[a-z0-9]{1,20}$/.test(cleaned) ? await this.deps.feeds.get(cleaned) : undefined;
    if (!feed || (guildId !== undefined && feed.guildId !== guildId)) {
      const shown = cleaned.replace(/[^a-z0-9]/g, '').slice(0, 20);
      throw new UserError(guildId !== undefined ? `No feed \`${shown}\` in this server. /feed list shows them.` : `No feed "${shown}". Run "npm run news -- feeds list" to see them.`);
    }
    return feed;
  }

  /**
   * Removes a feed and its articles from the library (what was posted stays posted, and in the delivery
   * history). When another process is fetching the feed right now, that fetch ends first and the
   * removal is finished by the next poll.
   */
  async remove(feed: Feed): Promise<RemoveOutcome> {
    const { feeds, importer, clock, owner } = this.deps;
    await feeds.markRemoved(feed.id, clock.now());
    const leased = await feeds.leaseOne(feed.id, clock.now(), owner, importer.leaseMs);
    const outcome: RemoveOutcome = leased ? { feed, removed: await importer.removeLeased(leased) } : { feed, removed: 'later' };
    this.deps.poke?.();
    return outcome;
  }

  /** Fetches and parses an address without saving anything. */
  async preview(input: string): Promise<{ url: string; feed: ParsedFeed }> {
    const url = feedUrl(input);
    const result = await fetchFeed(this.deps.http, url);
    if (result.kind === 'failed') throw new UserError(`Could not read that feed: ${result.reason}.`);
    if (result.kind === 'not-modified') throw new UserError('The server answered "not modified" to a plain request; try again.');
    return { url: result.finalUrl, feed: result.feed };
  }

  /** Fetches every feed once (for a cron job or a check), except those waiting out a failure backoff. */
  async fetchAll(): Promise<FetchAllSummary> {
    const { feeds, importer, clock, owner } = this.deps;
    const summary: FetchAllSummary = { results: [], backingOff: [], busy: [] };
    const queue = await feeds.listAll();
    const worker = async (): Promise<void> => {
      for (let feed = queue.shift(); feed; feed = queue.shift()) {
        if (feed.failures > 0 && feed.nextFetchAt > clock.now()) {
          summary.backingOff.push(feed);
          continue;
        }
        const leased = await feeds.leaseOne(feed.id, clock.now(), owner, importer.leaseMs);
        if (leased) summary.results.push(await importer.importLeased(leased));
        else summary.busy.push(feed);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return summary;
  }
}

function alreadyFollowed(guildId: string | null, existing: Feed): UserError {
  return new UserError(guildId ? `This server already follows that address: feed \`${existing.id}\`.` : `That address is already a global feed: \`${existing.id}\`.`);
}

function full(): UserError {
  return new UserError(`This server already follows ${MAX_FEEDS_PER_GUILD} feeds, the most allowed. Remove one with /feed remove first.`);
}
