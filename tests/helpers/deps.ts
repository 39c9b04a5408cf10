// Builds the same Deps the bot uses, from in-memory parts, for handler tests.
import type { Article } from '../../src/core/article.js';
import { assembleDeps } from '../../src/assemble.js';
import type { MessagePayload } from '../../src/core/payload.js';
import { isPostAbout, type SendOptions } from '../../src/discord/poster.js';
import { nonceGuards, type Target } from '../../src/discord/target.js';
import type { Posted, PostRequest, PublishResult, TargetPoster } from '../../src/discord/targets.js';
import { openDatabase } from '../../src/store/database.js';
import { sqliteStores } from '../../src/store/open-stores.js';
import { SqliteCatalogWrites } from '../../src/store/catalog/sqlite-writes.js';
import { FOLDER_ORIGIN } from '../../src/store/folder/folder-sync.js';
import { classifySendError } from '../../src/discord/classify-failure.js';
import type { ModelSummaries } from '../../src/summaries/model-summaries.js';
import { captureLogger } from './logger.js';
import { createSafeHttp, type SafeHttp } from '../../src/feeds/safe-http.js';
import type { Timers } from '../../src/timers.js';

export interface SentMessage {
  channelId: string;
  payload: MessagePayload;
  options: SendOptions | undefined;
  id: string;
  /** Set for posts made through post(): where and how. */
  target?: Target;
  request?: PostRequest;
  /** A forum post's thread, or the discussion thread opened on the message. */
  threadId?: string | null;
}

export interface RecordingPoster extends TargetPoster {
  sent: SentMessage[];
  failWith: unknown;
  /** Errors thrown by the next sends, one each, before `failWith`. */
  failures: unknown[];
  /** Thrown by find and findSince, as when the channel's history cannot be read. */
  lookupFailure: unknown;
  /** Errors thrown by the next openThread calls, one each. */
  threadFailures: unknown[];
  openedThreads: string[];
}

/**
 * A poster that records what would be sent. Like Discord, a repeated nonce returns the first message
 * instead of posting again (only where Discord takes a nonce), and find looks through what was posted.
 */
export function recordingPoster(clock: { now(): Date } = { now: () => new Date() }): RecordingPoster {
  // Discord remembers an enforced nonce for a few minutes only.
  const NONCE_MEMORY_MS = 5 * 60_000;
  const ids = new Map<string, { id: string; at: number }>();
  const failNext = (channelId: string) => {
    if (poster.failures.length) throw classifySendError(poster.failures.shift(), channelId);
    if (poster.failWith) throw classifySendError(poster.failWith, channelId);
  };
  const record = (entry: Omit<SentMessage, 'id'>, nonce: string | undefined): SentMessage => {
    const known = nonce ? ids.get(`${entry.channelId}:${nonce}`) : undefined;
    if (known && clock.now().getTime() - known.at < NONCE_MEMORY_MS) return poster.sent.find((m) => m.id === known.id)!;
    const id = String(1_000_000_000_000_000_000n + BigInt(poster.sent.length + 1));
    const sent = { ...entry, id };
    poster.sent.push(sent);
    if (nonce) ids.set(`${entry.channelId}:${nonce}`, { id, at: clock.now().getTime() });
    return sent;
  };
  const poster: RecordingPoster = {
    sent: [],
    failWith: undefined,
    failures: [],
    lookupFailure: undefined,
    threadFailures: [],
    openedThreads: [],
    // Errors are classified as the real poster does, so tests can throw Discord's own errors.
    async send(channelId: string, payload: MessagePayload, options?: SendOptions) {
      failNext(channelId);
      return { id: record({ channelId, payload, options }, options?.nonce).id };
    },
    async findSince(channelId: string, articleId: string) {
      if (poster.lookupFailure) throw classifySendError(poster.lookupFailure, channelId);
      return poster.sent.find((m) => m.channelId === channelId && isPostAbout(m.payload, articleId))?.id;
    },
    async post(target: Target, payload: MessagePayload, request: PostRequest): Promise<Posted> {
      failNext(target.channelId);
      const nonce = nonceGuards(target) ? request.nonce : undefined;
      const sent = record({ channelId: target.channelId, payload, options: nonce ? { nonce } : undefined, target, request }, nonce);
      if (target.kind === 'forum') sent.threadId = sent.id;
      return { messageId: sent.id, threadId: sent.threadId ?? null };
    },
    async find(target: Target, articleId: string): Promise<Posted | undefined> {
      if (poster.lookupFailure) throw classifySendError(poster.lookupFailure, target.channelId);
      const found = poster.sent.find((m) => m.channelId === target.channelId && isPostAbout(m.payload, articleId));
      return found ? { messageId: found.id, threadId: found.threadId ?? null } : undefined;
    },
    async threadOf(_target: Target, messageId: string) {
      return poster.sent.find((m) => m.id === messageId)?.threadId ?? undefined;
    },
    async openThread(target: Target, messageId: string) {
      if (poster.threadFailures.length) throw classifySendError(poster.threadFailures.shift(), target.channelId);
      const message = poster.sent.find((m) => m.id === messageId);
      // Like Discord: one thread per message, sharing its id.
      if (message && !message.threadId) {
        message.threadId = messageId;
        poster.openedThreads.push(messageId);
      }
      return messageId;
    },
  };
  return poster;
}

/**
 * A publisher that records crossposts. `limit` publishes per channel are allowed until `reset()`,
 * then it answers "limited" for `waitMs`, as Discord's hourly limit does.
 */
export function recordingPublisher(limit = 10, waitMs = 3_600_000) {
  const counts = new Map<string, number>();
  const publisher = {
    published: [] as Array<{ channelId: string; messageId: string }>,
    failures: [] as unknown[],
    reset: () => counts.clear(),
    async crosspost(channelId: string, messageId: string): Promise<PublishResult> {
      if (publisher.failures.length) throw classifySendError(publisher.failures.shift(), channelId);
      if (publisher.published.some((p) => p.messageId === messageId)) return { kind: 'published' };
      const used = counts.get(channelId) ?? 0;
      if (used >= limit) return { kind: 'limited', retryAfterMs: waitMs };
      counts.set(channelId, used + 1);
      publisher.published.push({ channelId, messageId });
      return { kind: 'published' };
    },
    async isPublished(_channelId: string, messageId: string) {
      return publisher.published.some((p) => p.messageId === messageId);
    },
  };
  return publisher;
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

export interface TestDepsOptions {
  /** The feeds' HTTP client (a guarded one on the loopback fixture server, see feed-server.ts). */
  feedHttp?: SafeHttp;
  timers?: Timers;
  /** Model-written summaries, as the app builds them when SUMMARY_MODEL_URL is set. */
  model?: ModelSummaries;
}

export function testDeps(articles: Article[] = [], clock: { now(): Date } = manualClock(), options: TestDepsOptions = {}) {
  const { logger, lines } = captureLogger();
  const poster = recordingPoster(clock);
  const publisher = recordingPublisher();
  const db = openDatabase(':memory:');
  const notices = { channelId: undefined as string | undefined };
  const tokenRejections: unknown[] = [];
  // Written straight through the SQLite catalog's writer, which is synchronous, so the articles are
  // there as soon as testDeps returns; `publish` adds more later, first seen at the clock's time then.
  const writer = new SqliteCatalogWrites(db);
  const addToCatalog = (added: readonly Article[]): void => {
    writer.apply(FOLDER_ORIGIN, added.map((article) => ({ op: 'put-article', incoming: { article, seenAt: clock.now() } })), clock.now());
  };
  addToCatalog(articles);
  const stores = sqliteStores(db, logger, clock);
  const deps = assembleDeps({
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'debug', scheduleMinIntervalMinutes: 5 },
    logger,
    clock,
    stores,
    owner: 'test-process',
    poster,
    openPublisher: () => publisher,
    noticeChannel: () => notices.channelId,
    // No jitter: retry times are exact in tests.
    random: () => 0.5,
    onTokenRejected: (failure) => tokenRejections.push(failure),
    // Nothing is fetched unless a test passes a client that reaches its fixture server.
    feedHttp: options.feedHttp ?? createSafeHttp({ minHostIntervalMs: 0 }),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.model ? { model: options.model } : {}),
  });
  /** Adds (or updates) articles as the folder would now: new ids are first seen at the clock's time. */
  const publish = async (...added: Article[]): Promise<Article[]> => {
    addToCatalog(added);
    return added;
  };
  return { deps, stores, poster, publisher, logs: lines, db, notices, publish, tokenRejections };
}
