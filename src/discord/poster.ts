// Sends a laid-out message into a channel through the REST API. Going through REST (rather than a cached
// channel object) works for any channel id and hands back Discord's own error codes.
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { MessagePayload } from '../core/payload.js';

export interface SendOptions {
  /** With enforce_nonce, Discord returns the earlier message instead of posting the same nonce twice. */
  nonce?: string;
}

export interface ChannelPoster {
  send(channelId: string, payload: MessagePayload, options?: SendOptions): Promise<{ id: string }>;
  /**
   * The id of a recent message of ours about this article in the channel, if any. Used after a
   * crash, once a send's nonce is too old for Discord to deduplicate on its own.
   */
  findRecent(channelId: string, articleId: string): Promise<string | undefined>;
}

/** The JSON body Discord expects for a payload (snake_case allowed_mentions). */
export function toMessageBody(payload: MessagePayload): Record<string, unknown> {
  const { allowedMentions, ...rest } = payload;
  const { repliedUser, ...mentions } = allowedMentions;
  return { ...rest, allowed_mentions: { ...mentions, ...(repliedUser === undefined ? {} : { replied_user: repliedUser }) } };
}

interface ListedMessage {
  id: string;
  author?: { id?: string };
  embeds?: Array<{ footer?: { text?: string } }>;
}

/** Article embeds carry the article id first in their footer ("id · …"). */
export function isPostAbout(message: Pick<ListedMessage, 'embeds'>, articleId: string): boolean {
  return (message.embeds ?? []).some(({ footer }) => footer?.text === articleId || footer?.text?.startsWith(`${articleId} · `));
}

export function createRestPoster(rest: REST, botUserId: () => string | undefined): ChannelPoster {
  return {
    async findRecent(channelId, articleId) {
      const messages = (await rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '50' }) })) as ListedMessage[];
      const me = botUserId();
      return messages.find((message) => (!me || message.author?.id === me) && isPostAbout(message, articleId))?.id;
    },
    async send(channelId, payload, options = {}) {
      const body = toMessageBody(payload);
      if (options.nonce) Object.assign(body, { nonce: options.nonce, enforce_nonce: true });
      const message = (await rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
      return { id: message.id };
    },
  };
}

/** Discord error codes the bot explains to people instead of treating as bugs. */
export const DiscordCodes = {
  UnknownChannel: 10003,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  AlreadyAcknowledged: 40060,
} as const;

export function discordErrorCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}
