// Where to tell a server that one of its schedules paused or one of its feeds is failing: its configured news channel, else its
// system channel, whichever the bot can post in and is not the channel that failed.
import type { Client } from 'discord.js';
import type { NoticeChannelFinder } from './server-notice.js';
import { missingPostPermissions } from './permissions.js';

export function noticeChannelFinder(client: Client): NoticeChannelFinder {
  return (guildId, settings, avoidChannelId) => {
    const guild = client.guilds.cache.get(guildId);
    if (!guild) return undefined;
    for (const id of [settings.newsChannelId, guild.systemChannelId]) {
      if (!id || id === avoidChannelId) continue;
      const channel = guild.channels.cache.get(id);
      if (channel && missingPostPermissions(channel).length === 0) return id;
    }
    return undefined;
  };
}
