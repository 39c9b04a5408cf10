// Permission checks that give people a clear answer before Discord would refuse.
import {
  type ButtonInteraction,
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

/** Refuses members without Manage Server, whatever Discord's own command permissions say. */
export function requireManageGuild(interaction: ChatInputCommandInteraction | ButtonInteraction, action: string): string {
  if (!interaction.inGuild()) throw new UserError(`You can only ${action} inside a server.`);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError(`You need the **Manage Server** permission to ${action}.`);
  }
  return interaction.guildId;
}

/** Names of the posting permissions the bot lacks in the channel, from the cached guild state. */
export function missingPostPermissions(channel: GuildBasedChannel): string[] {
  const me = channel.guild.members.me;
  if (!me) return [];
  const granted = channel.permissionsFor(me) ?? new PermissionsBitField();
  return POST_PERMISSIONS.filter(([bit]) => !granted.has(bit)).map(([, name]) => name);
}

export function listPermissions(names: readonly string[]): string {
  return names.map((name) => `**${name}**`).join(', ');
}
