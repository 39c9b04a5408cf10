// Builds the same Deps the bot uses, from in-memory parts, for handler tests.
import type { Article } from '../../src/core/article.js';
import { assembleDeps } from '../../src/assemble.js';
import { ArticleLibrary } from '../../src/core/library.js';
import type { MessagePayload } from '../../src/core/payload.js';
import { type ChannelPoster, isPostAbout, type SendOptions } from '../../src/discord/poster.js';
import { openDatabase } from '../../src/store/database.js';
import { sqliteStores } from '../../src/store/open-stores.js';
import { admitWithFirstSeen } from '../../src/store/article-folder.js';
import { classifySendError } from '../../src/discord/classify-failure.js';
import { captureLogger } from './logger.js';

export interface SentMessage {
  channelId: string;
  payload: MessagePayload;
  options: SendOptions | undefined;
}

/**
 * A poster that records what would be sent. Like Discord, a repeated nonce returns the first message
 * instead of posting again, and findRecent looks through what was posted.
 */
export function recordingPoster(clock: { now(): Date } = { now: () => new Date() }): ChannelPoster & { sent: SentMessage[]; failWith?: unknown; failures: unknown[]; lookupFailure?: unknown } {
  // Discord remembers an enforced nonce for a few minutes only.
  const NONCE_MEMORY_MS = 5 * 60_000;
  const ids = new Map<string, { id: string; at: number }>();
  const poster = {
    sent: [] as SentMessage[],
    failWith: undefined as unknown,
    /** Errors thrown by the next sends, one each, before `failWith`. */
    failures: [] as unknown[],
    /** Thrown by findSince, as when the channel's history cannot be read. */
    lookupFailure: undefined as unknown,
    // Errors are classified as the real poster does, so tests can throw Discord's own errors.
    async send(channelId: string, payload: MessagePayload, options?: SendOptions) {
      if (poster.failures.length) throw classifySendError(poster.failures.shift(), channelId);
      if (poster.failWith) throw classifySendError(poster.failWith, channelId);
      const known = options?.nonce ? ids.get(`${channelId}:${options.nonce}`) : undefined;
      if (known && clock.now().getTime() - known.at < NONCE_MEMORY_MS) return { id: known.id };
      poster.sent.push({ channelId, payload, options });
      const id = String(1_000_000_000_000_000_000n + BigInt(poster.sent.length));
      if (options?.nonce) ids.set(`${channelId}:${options.nonce}`, { id, at: clock.now().getTime() });
      return { id };
    },
    async findSince(channelId: string, articleId: string) {
      if (poster.lookupFailure) throw classifySendError(poster.lookupFailure, channelId);
      const index = poster.sent.findIndex((m) => m.channelId === channelId && isPostAbout(m.payload, articleId));
      return index === -1 ? undefined : String(1_000_000_000_000_000_001n + BigInt(index));
    },
  };
  return poster;
}

/** A clock tests move by hand. */
export function manualClock(start = new Date('2026-11-01T12:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(date: Date) {
      now = date.getTime();
    },
  };
}

export function testDeps(articles: Article[] = [], clock: { now(): Date } = manualClock()) {
  const { logger, lines } = captureLogger();
  const poster = recordingPoster(clock);
  const db = openDatabase(':memory:');
  const notices = { channelId: undefined as string | undefined };
  const tokenRejections: unknown[] = [];
  const deps = assembleDeps({
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'debug', scheduleMinIntervalMinutes: 5 },
    logger,
    clock,
    library: new ArticleLibrary(articles),
    stores: sqliteStores(db, logger, clock),
    owner: 'test-process',
    poster,
    noticeChannel: () => notices.channelId,
    // No jitter: retry times are exact in tests.
    random: () => 0.5,
    onTokenRejected: (failure) => tokenRejections.push(failure),
  });
  /** Adds articles to the library as the folder would now: first seen at the clock's time. */
  const publish = async (...added: Article[]): Promise<Article[]> => {
    const admitted = await admitWithFirstSeen((ids) => deps.firstSeen.stamp(ids, clock.now()))(added.map((article) => ({ ok: true, article, undated: false })));
    for (const article of admitted) deps.library.upsert(article);
    return admitted;
  };
  return { deps, poster, logs: lines, db, notices, publish, tokenRejections };
}
