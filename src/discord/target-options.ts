// Turns the channel and target options of /schedule add and /news post into a target, checking
// Discord's rules before anything is stored or posted: which options fit which channel, the forum's
// tags (known names only, at most 5, one when the forum requires it) and the permissions the target
// needs, all named in the answer.
import {
  ChannelFlags,
  ChannelType,
  type ChatInputCommandInteraction,
  type Guild,
  type GuildBasedChannel,
  PermissionFlagsBits,
  type SlashCommandBooleanOption,
  type SlashCommandStringOption,
} from 'discord.js';
import { UserError } from '../errors.js';
import { listPermissions, missingPostPermissions, targetPermissions } from './permissions.js';
import type { TargetKind, TargetOptions } from './target.js';

/** Where posts can go: text and announcement channels, forum and media channels, and public threads. */
export const TARGET_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
  ChannelType.PublicThread,
  ChannelType.AnnouncementThread,
] as const;

export const MAX_TAGS = 5;

export interface TargetInput {
  tags: string | null;
  thread: boolean | null;
  publish: boolean | null;
  asWebhook: boolean | null;
}

/** The target options, as /schedule add and /news post both offer them. */
export const addTargetOptions = {
  tags: (o: SlashCommandStringOption) => o.setName('tags').setDescription('Forum tags for each post, comma separated (forums only)').setMaxLength(200),
  thread: (o: SlashCommandBooleanOption) => o.setName('thread').setDescription('Open a thread on each post for discussion (text and announcement channels)'),
  publish: (o: SlashCommandBooleanOption) => o.setName('publish').setDescription('Publish each post to following servers (announcement channels)'),
  asWebhook: (o: SlashCommandBooleanOption) => o.setName('as-webhook').setDescription('Post through a webhook, with the name and avatar of /config identity'),
};

export function readTargetInput(interaction: ChatInputCommandInteraction): TargetInput {
  const { options } = interaction;
  return { tags: options.getString('tags'), thread: options.getBoolean('thread'), publish: options.getBoolean('publish'), asWebhook: options.getBoolean('as-webhook') };
}

/** The channel as the command option gives it (the cache may not hold an archived thread). */
export interface ChosenChannel {
  id: string;
  type?: number | null;
  parentId?: string | null;
}

export interface ForumTagInfo {
  id: string;
  name: string;
  moderated: boolean;
}

/** A tag list as people type it: names separated by commas, matched without regard to case. */
export function matchTags(available: readonly ForumTagInfo[], input: string | null, required: boolean): ForumTagInfo[] {
  const names = [...new Set((input ?? '').split(',').map((name) => name.trim()).filter(Boolean))];
  const valid = available.map((tag) => tag.name).join(', ') || 'none';
  if (names.length > MAX_TAGS) throw new UserError(`A post can carry at most ${MAX_TAGS} tags; ${names.length} were given.`);
  const unknown = names.filter((name) => !available.some((tag) => tag.name.toLowerCase() === name.toLowerCase()));
  if (unknown.length) throw new UserError(`This forum has no tag ${unknown.map((name) => `“${name.slice(0, 40)}”`).join(', ')}. Its tags: ${valid}.`);
  if (required && names.length === 0) throw new UserError(`This forum requires a tag on every post: give \`tags\`, from ${valid}.`);
  const chosen = names.map((name) => available.find((tag) => tag.name.toLowerCase() === name.toLowerCase())!);
  return chosen.filter((tag, index) => chosen.findIndex((other) => other.id === tag.id) === index);
}

function kindOf(type: number): TargetKind {
  if (type === ChannelType.GuildForum || type === ChannelType.GuildMedia) return 'forum';
  if (type === ChannelType.PublicThread || type === ChannelType.AnnouncementThread || type === ChannelType.PrivateThread) return 'thread';
  return 'channel';
}

export interface ResolvedTarget {
  options: TargetOptions;
  tagNames: string[];
}

/**
 * The target for a chosen channel. `forSchedule`: a schedule needs Read Message History on top, to
 * find a post interrupted by a crash; a one-off /news post does not.
 */
export function resolveTarget(guild: Guild | null | undefined, chosen: ChosenChannel, input: TargetInput, forSchedule: boolean): ResolvedTarget {
  const cached: GuildBasedChannel | undefined = guild?.channels.cache.get(chosen.id);
  const type = cached?.type ?? chosen.type ?? ChannelType.GuildText;
  const kind = kindOf(type);
  const where = `<#${chosen.id}>`;
  if (input.tags?.trim() && kind !== 'forum') throw new UserError('`tags` are for forum and media channels only.');
  if (input.thread && kind !== 'channel') throw new UserError(`\`thread\` opens a thread on each post in a text or announcement channel; ${where} ${kind === 'forum' ? 'makes every post a thread already' : 'is a thread'}.`);
  if (input.publish && type !== ChannelType.GuildAnnouncement) throw new UserError(`\`publish\` works in announcement channels only, and ${where} is not one.`);

  let tags: ForumTagInfo[] = [];
  if (kind === 'forum') {
    if (!cached || !('availableTags' in cached)) throw new UserError(`I can't see the tags of ${where}; check that I can view it.`);
    tags = matchTags(cached.availableTags, input.tags, cached.flags.has(ChannelFlags.RequireTag));
  }
  const parentId = kind === 'thread' ? (cached && 'parentId' in cached ? cached.parentId : null) ?? chosen.parentId ?? null : null;
  const options: TargetOptions = {
    kind,
    parentId,
    threadPerArticle: input.thread === true,
    publish: input.publish === true,
    asWebhook: input.asWebhook === true,
    tagIds: tags.map((tag) => tag.id),
  };

  // A thread's permissions are its channel's.
  const permissionChannel = kind === 'thread' && parentId ? guild?.channels.cache.get(parentId) : cached;
  if (permissionChannel) {
    const needed = targetPermissions(options).filter(([bit]) => forSchedule || bit !== PermissionFlagsBits.ReadMessageHistory);
    // Only moderators may apply a moderated tag.
    const moderated = tags.some((tag) => tag.moderated) ? [[PermissionFlagsBits.ManageThreads, 'Manage Threads'] as const] : [];
    const missing = missingPostPermissions(permissionChannel, [...needed, ...moderated]);
    if (missing.length) throw new UserError(`I can't post in ${where}${forSchedule ? ' on a schedule' : ''}: I'm missing ${listPermissions(missing)} there.`);
  }
  return { options, tagNames: tags.map((tag) => tag.name) };
}
