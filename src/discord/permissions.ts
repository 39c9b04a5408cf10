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
import type { TargetOptions } from './target.js';

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

type Needed = ReadonlyArray<readonly [bigint, string]>;

/**
 * What posting to a target needs, checked when a schedule is added and named when Discord refuses:
 * - a thread takes Send Messages in Threads where a channel takes Send Messages;
 * - a webhook posts with its own rights, so the bot needs Manage Webhooks (to make it) instead of
 *   Send Messages and Embed Links, but still Read Message History to find an interrupted post;
 * - a thread per article needs Create Public Threads;
 * - publishing the bot's own message needs Send Messages only (no Manage Messages), but a webhook's
 *   message is not the bot's own: publishing it needs Manage Messages too.
 */
export function targetPermissions(target: TargetOptions): Needed {
  const needed: Array<readonly [bigint, string]> = [[PermissionFlagsBits.ViewChannel, 'View Channel']];
  const sendInThread = [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'] as const;
  const send = [PermissionFlagsBits.SendMessages, 'Send Messages'] as const;
  if (!target.asWebhook) needed.push(target.kind === 'thread' ? sendInThread : send, [PermissionFlagsBits.EmbedLinks, 'Embed Links']);
  else needed.push([PermissionFlagsBits.ManageWebhooks, 'Manage Webhooks']);
  needed.push([PermissionFlagsBits.ReadMessageHistory, 'Read Message History']);
  if (target.threadPerArticle) needed.push([PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads']);
  if (target.publish && target.asWebhook) needed.push(send, [PermissionFlagsBits.ManageMessages, 'Manage Messages']);
  return needed;
}

/** Names of what a target needs, for the reason of a Missing Permissions refusal. */
export function targetNeeds(target: TargetOptions): string[] {
  return targetPermissions(target).map(([, name]) => name);
}

/**
 * Every permission the bot asks for when invited: what posting on a schedule needs, to any target:
 * Send Messages in Threads (posting into a thread), Create Public Threads (a thread per article) and
 * Manage Webhooks (posting as a webhook). Manage Messages (publishing webhook posts) and Manage Threads
 * (moderated forum tags, reopening locked threads) stay for admins to grant where they want them. The
 * invite URL that `npm run deploy-commands` prints carries exactly this set, and the README lists it.
 */
export const INVITE_PERMISSIONS = [
  ...SCHEDULE_PERMISSIONS,
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.ManageWebhooks, 'Manage Webhooks'],
] as const;

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
export function missingPostPermissions(channel: GuildBasedChannel, needed: Needed = POST_PERMISSIONS): string[] {
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

/** From the cached guild state: whether the bot holds a permission in a channel (false when unknown). */
export function permissionChecker(client: Client): (channelId: string, permission: bigint) => boolean {
  return (channelId, permission) => {
    const channel = client.channels.cache.get(channelId);
    if (!channel || !('guild' in channel) || !('permissionsFor' in channel)) return false;
    const me = channel.guild.members.me;
    return me ? (channel.permissionsFor(me)?.has(permission) ?? false) : false;
  };
}

/** From the cached guild state: whether the bot can read the channel's history (false when unknown). */
export function historyReader(client: Client): (channelId: string) => boolean {
  const can = permissionChecker(client);
  return (channelId) => can(channelId, PermissionFlagsBits.ReadMessageHistory);
}
