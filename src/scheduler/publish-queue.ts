// Drains the publish queue: each channel's waiting posts are crossposted in order, until the channel
// reaches Discord's publish limit. The wait Discord gives is stored with the channel's posts (so it
// survives restarts) and the channel is left alone until then; other channels go on meanwhile, each
// in its own turn, so one channel's limit never delays another. Each publish is marked as tried before
// it is asked for; after a crash the message's CROSSPOSTED flag is checked first, and Discord's "already
// crossposted" counts as published too: a post is never published twice.
import type { Clock } from '../deps.js';
import { asSendFailure, SendFailure } from '../discord/send-failure.js';
import type { Publisher } from '../discord/targets.js';
import type { Logger } from '../logger.js';
import { retryDelay } from './failures.js';
import type { PublishQueueStore, QueuedPublish } from './types.js';

/** Queued posts taken per pass; the next pass takes the rest. */
const BATCH = 500;
/** Channels published in at the same time. */
const CONCURRENCY = 4;
const UNKNOWN_CHANNEL = 10003;

export interface PublishDrainDeps {
  queue: PublishQueueStore;
  /** A publisher for one pass (see discord/publisher.ts: it hands long waits back instead of sleeping). */
  openPublisher: () => Publisher;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

export class PublishDrain {
  private stopping = false;

  constructor(private readonly deps: PublishDrainDeps) {}

  /** No new publishes from now on; one in flight finishes (or is checked at the next start). */
  stop(): void {
    this.stopping = true;
  }

  nextDueAt(): Promise<Date | undefined> {
    return this.deps.queue.nextDueAt();
  }

  /** Publishes what is due; returns how many were published. A rejected token is thrown. */
  async drain(): Promise<number> {
    const due = this.stopping ? [] : await this.deps.queue.due(this.deps.clock.now(), BATCH);
    if (due.length === 0) return 0;
    const byChannel = new Map<string, QueuedPublish[]>();
    for (const row of due) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row]);
    const channels = [...byChannel.values()];
    const publisher = this.deps.openPublisher();
    let published = 0;
    let rejected: SendFailure | undefined;
    const worker = async (): Promise<void> => {
      for (let rows = channels.shift(); rows && !rejected; rows = channels.shift()) {
        try {
          // Added after the await: `published += await …` would read the total before another worker adds to it.
          const done = await this.channel(publisher, rows);
          published += done;
        } catch (error) {
          if (error instanceof SendFailure && error.scope === 'token') rejected = error;
          else this.deps.logger.error({ err: error, channelId: rows[0]!.channelId }, 'publishing failed unexpectedly; tried again next pass');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, channels.length) }, worker));
    if (rejected) throw rejected;
    return published;
  }

  /** One channel's posts in order, stopping at its limit or at a failure. */
  private async channel(publisher: Publisher, rows: QueuedPublish[]): Promise<number> {
    const { queue, clock, logger } = this.deps;
    let published = 0;
    for (const row of rows) {
      if (this.stopping) return published;
      const context = { channelId: row.channelId, messageId: row.messageId, articleId: row.articleId, scheduleId: row.scheduleId };
      let result;
      try {
        // An earlier try whose outcome was never recorded (a crash): the message tells.
        if (row.triedAt && (await publisher.isPublished(row.channelId, row.messageId))) result = { kind: 'published' } as const;
        else {
          await queue.trying(row.channelId, row.messageId, clock.now());
          result = await publisher.crosspost(row.channelId, row.messageId);
        }
      } catch (error) {
        const failure = asSendFailure(error);
        if (failure.scope === 'token') throw failure;
        if (failure.scope === 'article' || failure.code === UNKNOWN_CHANNEL) {
          // The post (or its channel) is gone: it can never be published.
          await queue.drop(row.channelId, row.messageId);
          logger.warn({ ...context, reason: failure.reason }, 'a queued post cannot be published; dropped from the queue');
          continue;
        }
        const until = new Date(clock.now().getTime() + retryDelay(row.attempts + 1, this.deps.random));
        await queue.postpone(row.channelId, row.messageId, until, failure.reason);
        logger.warn({ ...context, reason: failure.reason, retryAt: until }, 'publishing failed; the channel is tried again later');
        return published;
      }
      if (result.kind === 'limited') {
        const until = new Date(clock.now().getTime() + result.retryAfterMs);
        await queue.postpone(row.channelId, row.messageId, until, null);
        logger.info({ ...context, retryAt: until }, 'the channel reached its publish limit; its posts wait');
        return published;
      }
      await queue.published(row.channelId, row.messageId, clock.now());
      published++;
    }
    return published;
  }
}
