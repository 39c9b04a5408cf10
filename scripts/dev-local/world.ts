// The sandbox's Discord server, rebuilt on the local server at every start with the same ids, so a
// database kept between runs finds its settings, schedules and mention role again.
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FakeDiscord } from '../../tests/e2e/fake-discord/index.js';

/** Fixed snowflakes (1 January 2025 and a counter): they look like Discord's and never change. */
export const SANDBOX_IDS = {
  application: '1323802873036800000',
  guild: '1323802873036800001',
  news: '1323802873036800002',
  general: '1323802873036800003',
  announcements: '1323802873036800004',
  admins: '1323802873036800005',
  subscribers: '1323802873036800006',
  breakingNews: '1323802873036800007',
  admin: '1323802873036800008',
} as const;

export const SANDBOX_GUILD_NAME = 'Sandbox';

export interface SandboxWorld {
  guildId: string;
  /** Where commands typed at the prompt run until `go #channel`. */
  newsChannelId: string;
  adminId: string;
  channelId(nameOrId: string): string | undefined;
  roleId(nameOrId: string): string | undefined;
  channelName(id: string): string;
  roleName(id: string): string;
  userName(id: string): string;
  /** Text channels, in the server's order. */
  channels(): Array<{ id: string; name: string; type: number }>;
  /** Roles anyone could mention (not @everyone, not the bot's own). */
  roles(): Array<{ id: string; name: string; mentionable: boolean }>;
}

export function buildSandboxWorld(discord: FakeDiscord): SandboxWorld {
  const ids = SANDBOX_IDS;
  const guildId = discord.addGuild({ id: ids.guild, name: SANDBOX_GUILD_NAME }).id;
  discord.addChannel(guildId, { id: ids.news, name: 'news', topic: 'Where the bot posts' });
  discord.addChannel(guildId, { id: ids.general, name: 'general' });
  discord.addChannel(guildId, { id: ids.announcements, name: 'announcements', type: ChannelType.GuildAnnouncement });
  discord.addRole(guildId, { id: ids.admins, name: 'admins', permissions: PermissionFlagsBits.ManageGuild });
  discord.addRole(guildId, { id: ids.subscribers, name: 'subscribers', mentionable: true, color: 0x3ba55c });
  discord.addRole(guildId, { id: ids.breakingNews, name: 'breaking-news', mentionable: true, color: 0xed4245 });
  discord.addMember(guildId, { id: ids.admin, username: 'admin', roles: [ids.admins] });

  const { state } = discord;
  const guildRoles = () => [...(state.guild(guildId)?.roles.values() ?? [])];
  const liveChannels = () => [...state.channels.values()].filter((c) => !c.deleted && c.guildId === guildId);
  return {
    guildId,
    newsChannelId: ids.news,
    adminId: ids.admin,
    channelId: (nameOrId) => liveChannels().find((c) => c.id === nameOrId || c.name === nameOrId)?.id,
    roleId: (nameOrId) => guildRoles().find((r) => r.id === nameOrId || r.name === nameOrId)?.id,
    channelName: (id) => state.channels.get(id)?.name ?? id,
    roleName: (id) => state.guild(guildId)?.roles.get(id)?.name ?? id,
    userName: (id) => state.users.get(id)?.username ?? id,
    channels: () => liveChannels().sort((a, b) => a.position - b.position).map(({ id, name, type }) => ({ id, name, type })),
    roles: () => guildRoles().filter((r) => r.id !== guildId && r.botId === null).map(({ id, name, mentionable }) => ({ id, name, mentionable })),
  };
}
