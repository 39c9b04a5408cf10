// Telling a server's admins about something that needs them (a paused schedule, a failing feed): one
// short message in the server's notice channel (its news channel, else its system channel; see
// notice-channel.ts), mentioning nobody. When it cannot be sent, the reason comes back for the list
// that shows the problem, so the admins can still find out.
import { buildNotice } from '../core/layout.js';
import type { GuildSettings, GuildSettingsStore } from '../store/guild-settings.js';
import type { ChannelPoster } from './poster.js';
import { asSendFailure } from './send-failure.js';

/** Finds a channel where the server can be told something, other than `avoidChannelId` (a channel that failed). */
export type NoticeChannelFinder = (guildId: string, settings: GuildSettings, avoidChannelId?: string) => string | undefined;

export interface ServerNoticeDeps {
  settings: GuildSettingsStore;
  noticeChannel: NoticeChannelFinder;
  poster: Pick<ChannelPoster, 'send'>;
}

export const NO_NOTICE_CHANNEL = 'no channel to tell the server in (set one with /config channel)';

/** Sends `text` to the server's notice channel. Resolves with why it could not, or undefined when sent. */
export async function tellServer(deps: ServerNoticeDeps, guildId: string, text: string, avoidChannelId?: string): Promise<string | undefined> {
  const settings = await deps.settings.get(guildId);
  const channelId = deps.noticeChannel(guildId, settings, avoidChannelId);
  if (!channelId) return NO_NOTICE_CHANNEL;
  try {
    await deps.poster.send(channelId, buildNotice(text));
    return undefined;
  } catch (error) {
    return `the notice in <#${channelId}> could not be sent (${asSendFailure(error).reason})`;
  }
}
