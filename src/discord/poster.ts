// Sends a laid-out message into a channel through the REST API. Going through REST (rather than a cached
// channel object) works for any channel id and hands back Discord's own error codes, which are turned
// into SendFailures here so the scheduler never sees Discord's error tables.
import { type REST, Routes } from 'discord.js';
import type { MessagePayload } from '../core/payload.js';
import { classifySendError } from './classify-failure.js';
import { SendFailure } from './send-failure.js';

export interface SendOptions {
  /** With enforce_nonce, Discord returns the earlier message instead of posting the same nonce twice. */
  nonce?: string;
}

export interface ChannelPoster {
  /** Posts the message; a failure is thrown as a SendFailure. */
  send(channelId: string, payload: MessagePayload, options?: SendOptions): Promise<{ id: string }>;
  /**
   * The id of our message about this article posted in the channel since `since`, or undefined when
   * every message since then was checked and none is. Throws a SendFailure when it cannot tell (the
   * history cannot be read, or is too long to read): the caller must then not send again.
   */
  findSince(channelId: string, articleId: string, since: Date): Promise<string | undefined>;
}

/** The JSON body Discord expects for a payload (snake_case allowed_mentions). */
export function toMessageBody(payload: MessagePayload): Record<string, unknown> {
  const { allowedMentions, ...rest } = payload;
  const { repliedUser, ...mentions } = allowedMentions;
  return { ...rest, allowed_mentions: { ...mentions, ...(repliedUser === undefined ? {} : { replied_user: repliedUser }) } };
}

/** A message as Discord lists it, with what tells whose it is and whether a thread hangs off it. */
export interface ListedMessage {
  id: string;
  author?: { id?: string };
  webhook_id?: string;
  application_id?: string;
  flags?: number;
  thread?: { id?: string };
  embeds?: Array<{ footer?: { text?: string } }>;
}

/** Article embeds carry the article id first in their footer ("id · …"). */
export function isPostAbout(message: Pick<ListedMessage, 'embeds'>, articleId: string): boolean {
  return (message.embeds ?? []).some(({ footer }) => footer?.text === articleId || footer?.text?.startsWith(`${articleId} · `));
}

/** Sent by the bot itself, or by a webhook the bot's application made (its webhook posts). */
export function isOurs(message: Pick<ListedMessage, 'author' | 'webhook_id' | 'application_id'>, botUserId: string): boolean {
  return message.author?.id === botUserId || (message.webhook_id !== undefined && message.application_id === botUserId);
}

const DISCORD_EPOCH = 1_420_070_400_000n;

/** The smallest message id Discord could give at `at` (ids start with their creation time). */
export function snowflakeAt(at: Date): string {
  const sinceEpoch = BigInt(at.getTime()) - DISCORD_EPOCH;
  return String((sinceEpoch > 0n ? sinceEpoch : 0n) << 22n);
}

/** Clock drift allowed between us and Discord when looking back to a claim's time. */
const LOOK_BACK_SLACK_MS = 5 * 60_000;
const PAGE = 100;
/** Pages read at most (10,000 messages); a busier channel leaves the claim unconfirmed, never resent. */
const MAX_PAGES = 100;

export interface PosterContext {
  botUserId: () => string | undefined;
  /**
   * Whether the bot may read the channel's history. Discord answers a history request without that
   * permission with an empty list, which would look like "not posted": so it is checked first.
   */
  canReadHistory: (channelId: string) => boolean;
  /** Whether the bot may moderate threads in the channel (reopen and post in locked threads). */
  canManageThreads?: (channelId: string) => boolean;
}

/**
 * Our message about the article posted in the channel (or thread) since `since`, read from its history
 * page after page; undefined when every message since then was checked and none is. Throws a
 * SendFailure when it cannot tell: the caller must then not send again.
 */
export async function findInHistory(rest: REST, { botUserId, canReadHistory }: PosterContext, channelId: string, articleId: string, since: Date, permissionChannelId = channelId): Promise<ListedMessage | undefined> {
  const me = botUserId();
  if (!me) throw new SendFailure('transient', 'not connected to Discord yet');
  if (!canReadHistory(permissionChannelId)) throw new SendFailure('transient', `the bot cannot read the message history of <#${channelId}> (it needs Read Message History there)`);
  let after = snowflakeAt(new Date(since.getTime() - LOOK_BACK_SLACK_MS));
  const read = async <T>(route: `/${string}`, query?: URLSearchParams): Promise<T> => {
    try {
      return (await rest.get(route, query ? { query } : {})) as T;
    } catch (error) {
      throw classifySendError(error, channelId);
    }
  };
  for (let page = 0; page < MAX_PAGES; page++) {
    const messages = await read<ListedMessage[]>(Routes.channelMessages(channelId), new URLSearchParams({ limit: String(PAGE), after }));
    const mine = messages.find((message) => isOurs(message, me) && isPostAbout(message, articleId));
    if (mine) return mine;
    // Pages after an id come newest first; the next page starts after the newest one seen.
    after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
    if (messages.length < PAGE) break;
    if (page === MAX_PAGES - 1) throw new SendFailure('transient', `more than ${MAX_PAGES * PAGE} messages to check in <#${channelId}>`);
  }
  // Discord hides history it will not show as an empty list. Had the post been made, the channel's
  // last message would be at least that new: a last message newer than anything read means the
  // history was hidden, and nothing can be concluded.
  const channel = await read<{ last_message_id?: string | null }>(Routes.channel(channelId));
  const last = channel.last_message_id;
  if (last && BigInt(last) > BigInt(after)) {
    throw new SendFailure('transient', `the message history of <#${channelId}> could not be read in full`);
  }
  return undefined;
}

export function createRestPoster(rest: REST, context: PosterContext): ChannelPoster {
  return {
    async findSince(channelId, articleId, since) {
      return (await findInHistory(rest, context, channelId, articleId, since))?.id;
    },
    async send(channelId, payload, options = {}) {
      const body = toMessageBody(payload);
      if (options.nonce) Object.assign(body, { nonce: options.nonce, enforce_nonce: true });
      try {
        const message = (await rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
        return { id: message.id };
      } catch (error) {
        throw classifySendError(error, channelId);
      }
    },
  };
}
