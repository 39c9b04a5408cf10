// Sorts Discord's answers to a post into the scopes the scheduler acts on (see send-failure.ts).
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DiscordCodes } from './codes.js';
import { SendFailure } from './send-failure.js';

const PLAIN_NEEDS = ['View Channel', 'Send Messages', 'Embed Links', 'Read Message History'] as const;

function listed(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** Refusals that are about where the post goes (so the schedule pauses), with the reason to show. */
function channelReason(code: number, channel: string): string | undefined {
  switch (code) {
    case DiscordCodes.MissingAccess:
      return `Missing Access: the bot cannot see ${channel}`;
    case DiscordCodes.UnknownChannel:
      return `The channel ${channel} no longer exists`;
    case DiscordCodes.UnknownGuild:
      return 'The bot is no longer in this server';
    case DiscordCodes.UnknownTag:
      return `A tag this schedule applies no longer exists in ${channel}; add the schedule again with the forum's tags`;
    case DiscordCodes.TagRequired:
      return `${channel} now requires a tag on every post; add the schedule again with tags`;
    case DiscordCodes.WrongChannelType:
      return `${channel} is no longer the kind of channel the schedule was made for`;
    case DiscordCodes.ThreadArchived:
      return `The thread ${channel} is archived and the bot cannot reopen it`;
    case DiscordCodes.ThreadLocked:
      return `The thread ${channel} is locked: only members with Manage Threads can post in it`;
    default:
      return undefined;
  }
}

/**
 * `needs`: the permissions the target needs, named in a Missing Permissions reason (a forum post, a
 * thread or a webhook needs others than a plain message).
 */
export function classifySendError(error: unknown, channelId: string, needs: readonly string[] = PLAIN_NEEDS): SendFailure {
  if (error instanceof SendFailure) return error;
  const channel = `<#${channelId}>`;
  const options = { cause: error };
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : error.status;
    if (error.status === 401) return new SendFailure('token', 'Discord no longer accepts the bot token (401 Unauthorized)', 401, options);
    if (error.code === DiscordCodes.MissingPermissions) {
      return new SendFailure('channel', `Missing Permissions in ${channel}: the bot needs ${listed(needs)} there`, code, options);
    }
    const reason = typeof error.code === 'number' ? channelReason(error.code, channel) : undefined;
    if (reason) return new SendFailure('channel', reason, code, options);
    if (error.status === 429) return new SendFailure('transient', 'rate limited by Discord', code, options);
    if (error.status >= 500) return new SendFailure('transient', `Discord error ${error.status}`, code, options);
    // Any other refusal is about this message (50035 invalid body, 50006 empty, 40005 too large...):
    // retrying or pausing would not help, so the article is skipped and the schedule goes on.
    return new SendFailure('article', `Discord refused this article (code ${code}: ${error.message.slice(0, 150)})`, code, options);
  }
  // An error page that is not JSON (a proxy's 502, a 403 from a firewall) says nothing about the message.
  if (error instanceof HTTPError) return new SendFailure('transient', `Discord error ${error.status}`, error.status, options);
  if (error instanceof RateLimitError) return new SendFailure('transient', 'rate limited by Discord', 429, options);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new SendFailure('transient', `network problem (${code ?? (error as Error | undefined)?.name ?? 'unknown'})`, null, options);
}
