// Sorts Discord's answers to a post into the scopes the scheduler acts on (see send-failure.ts).
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DiscordCodes } from './codes.js';
import { SendFailure } from './send-failure.js';

export function classifySendError(error: unknown, channelId: string): SendFailure {
  if (error instanceof SendFailure) return error;
  const channel = `<#${channelId}>`;
  const options = { cause: error };
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : error.status;
    if (error.status === 401) return new SendFailure('token', 'Discord no longer accepts the bot token (401 Unauthorized)', 401, options);
    if (error.code === DiscordCodes.MissingPermissions) {
      return new SendFailure('channel', `Missing Permissions in ${channel}: the bot needs View Channel, Send Messages, Embed Links and Read Message History there`, code, options);
    }
    if (error.code === DiscordCodes.MissingAccess) return new SendFailure('channel', `Missing Access: the bot cannot see ${channel}`, code, options);
    if (error.code === DiscordCodes.UnknownChannel) return new SendFailure('channel', `The channel ${channel} no longer exists`, code, options);
    if (error.code === DiscordCodes.UnknownGuild) return new SendFailure('channel', 'The bot is no longer in this server', code, options);
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
