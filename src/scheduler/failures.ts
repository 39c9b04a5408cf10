// Sorts a failed send into permanent (the schedule pauses with a reason people can act on) or
// transient (retried with backoff). 429s never reach here: discord.js queues and retries them.
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DiscordCodes } from '../discord/poster.js';

export type Failure = { kind: 'permanent'; reason: string } | { kind: 'transient'; reason: string };

export function classifySendError(error: unknown, channelId: string): Failure {
  const channel = `<#${channelId}>`;
  if (error instanceof DiscordAPIError) {
    if (error.code === DiscordCodes.MissingPermissions) {
      return { kind: 'permanent', reason: `Missing Permissions in ${channel}: the bot needs View Channel, Send Messages and Embed Links there` };
    }
    if (error.code === DiscordCodes.MissingAccess) return { kind: 'permanent', reason: `Missing Access: the bot cannot see ${channel}` };
    if (error.code === DiscordCodes.UnknownChannel) return { kind: 'permanent', reason: `The channel ${channel} no longer exists` };
    if (error.status >= 500) return { kind: 'transient', reason: `Discord error ${error.status}` };
    return { kind: 'permanent', reason: `Discord refused the post (code ${error.code}: ${error.message.slice(0, 200)})` };
  }
  if (error instanceof HTTPError) {
    return error.status >= 500 ? { kind: 'transient', reason: `Discord error ${error.status}` } : { kind: 'permanent', reason: `Discord refused the post (HTTP ${error.status})` };
  }
  if (error instanceof RateLimitError) return { kind: 'transient', reason: 'rate limited' };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return { kind: 'transient', reason: `network problem (${code ?? (error as Error | undefined)?.name ?? 'unknown'})` };
}

const MINUTE = 60_000;
const MAX_BACKOFF = 30 * MINUTE;

/** 1, 2, 4, 8, 16, then every 30 minutes: never given up on, never hammering Discord. */
export function retryDelay(attempt: number): number {
  return Math.min(MAX_BACKOFF, MINUTE * 2 ** Math.max(0, attempt - 1));
}
