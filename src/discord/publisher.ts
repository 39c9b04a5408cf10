// Publishing (crossposting) announcement posts to the servers that follow the channel. Discord allows
// about 10 publishes an hour per channel and answers the next with a 429 and the wait. discord.js would
// sleep through that wait on the route (up to an hour), and remember it in memory: so publishes go
// through a REST made for one pass of the publish queue, which hands long waits back as a result the
// queue stores (it survives restarts) and schedules around, one channel at a time.
import { DiscordAPIError, RateLimitError, type REST, Routes } from 'discord.js';
import { classifySendError } from './classify-failure.js';
import { DiscordCodes } from './codes.js';
import { SendFailure } from './send-failure.js';
import type { Publisher } from './targets.js';

/** Waits up to this long are left to discord.js (a burst limit); longer ones come back as `limited`. */
export const SHORT_WAIT_MS = 5_000;

const NEEDS = ['View Channel', 'Send Messages (and Manage Messages for webhook posts)'];
/** The CROSSPOSTED message flag: the message was published to following channels. */
const CROSSPOSTED = 1 << 0;

/** A REST client that rejects long rate-limit waits instead of sleeping through them. */
export interface PublishRestOptions {
  rejectOnRateLimit: (data: { retryAfter: number; timeToReset: number }) => boolean;
  handlerSweepInterval: number;
  hashSweepInterval: number;
}

export const PUBLISH_REST_OPTIONS: PublishRestOptions = {
  rejectOnRateLimit: ({ retryAfter, timeToReset }) => Math.max(retryAfter, timeToReset) > SHORT_WAIT_MS,
  // Made for one pass: no sweeper timers left behind.
  handlerSweepInterval: 0,
  hashSweepInterval: 0,
};

export function createPublisher(rest: REST): Publisher {
  return {
    async crosspost(channelId, messageId) {
      try {
        await rest.post(Routes.channelMessageCrosspost(channelId, messageId));
        return { kind: 'published' };
      } catch (error) {
        if (error instanceof RateLimitError) return { kind: 'limited', retryAfterMs: Math.max(error.retryAfter, error.timeToReset) };
        // Published before (a crash after publishing, or another process): done, never twice.
        if (error instanceof DiscordAPIError && error.code === DiscordCodes.AlreadyCrossposted) return { kind: 'published' };
        if (error instanceof DiscordAPIError && error.code === DiscordCodes.UnknownMessage) {
          throw new SendFailure('article', 'the post was deleted before it could be published', error.code);
        }
        throw classifySendError(error, channelId, NEEDS);
      }
    },
    async isPublished(channelId, messageId) {
      try {
        const message = (await rest.get(Routes.channelMessage(channelId, messageId))) as { flags?: number };
        return ((message.flags ?? 0) & CROSSPOSTED) !== 0;
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === DiscordCodes.UnknownMessage) {
          throw new SendFailure('article', 'the post was deleted before it could be published', error.code);
        }
        throw classifySendError(error, channelId, NEEDS);
      }
    },
  };
}
