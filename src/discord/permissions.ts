// Permission checks that give people a clear answer before Discord would refuse.
import {
  type ButtonInteraction,
  type Client,
  type ChatInputCommandInteraction,
  type GuildBasedChannel,
  PermissionFlagsBits,
  PermissionsBitField,
} from 'discord.js';
import { UserError } from '../errors.js';

/** What the bot needs to post an embed into a channel, with the names Discord shows in its settings. */
export const POST_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

/**
 * What a schedule needs on top: reading the channel's history is how a post interrupted by a crash is
 * found again, so it is never sent twice.
 */
export const SCHEDULE_PERMISSIONS = [...POST_PERMISSIONS, [PermissionFlagsBits.ReadMessageHistory, 'Read Message History']] as const;

/**
 * Every permission the bot asks for when invited: what posting on a schedule needs. The invite URL
 * that `npm run deploy-commands` prints carries exactly this set, and the README lists it.
 */
export const INVITE_PERMISSIONS = SCHEDULE_PERMISSIONS;

export function permissionInteger(permissions: ReadonlyArray<readonly [bigint, string]>): bigint {
  return permissions.reduce((bits, [bit]) => bits | bit, 0n);
}

/** Refuses members without Manage Server, whatever Discord's own command permissions say. */
export function requireManageGuild(interaction: ChatInputCommandInteraction | ButtonInteraction, action: string): string {
  if (!interaction.inGuild()) throw new UserError(`You can only ${action} inside a server.`);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError(`You need the **Manage Server** permission to ${action}.`);
  }
  return interaction.guildId;
}

/** Names of the posting permissions the bot lacks in the channel, from the cached guild state. */
export function missingPostPermissions(channel: GuildBasedChannel, needed: ReadonlyArray<readonly [bigint, string]> = POST_PERMISSIONS): string[] {
  const me = channel.guild.members.me;
  if (!me) return [];
  const granted = channel.permissionsFor(me) ?? new PermissionsBitField();
  return needed.filter(([bit]) => !granted.has(bit)).map(([, name]) => name);
}

/** Whether the member may manage the server's news (for autocomplete, which cannot answer with an error). */
export function canManageGuild(interaction: { memberPermissions: Readonly<PermissionsBitField> | null }): boolean {
  return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

export function listPermissions(names: readonly string[]): string {
  return names.map((name) => `**${name}**`).join(', ');
}

/** From the cached guild state: whether the bot can read the channel's history (false when unknown). */
export function historyReader(client: Client): (channelId: string) => boolean {
  return (channelId) => {
    const channel = client.channels.cache.get(channelId);
    if (!channel || !('guild' in channel) || !('permissionsFor' in channel)) return false;
    const me = channel.guild.members.me;
    return me ? (channel.permissionsFor(me)?.has(PermissionFlagsBits.ReadMessageHistory) ?? false) : false;
  };
}
