// Where a post goes and how: a text or announcement channel, a forum (or media) channel, or a thread,
// with the options chosen for it. Plain data and pure rules, shared by the commands that choose a
// target, the stores that keep it with a schedule, the delivery steps and the poster that carries it out.
import { codePoints } from '../core/limits.js';

export type TargetKind = 'channel' | 'forum' | 'thread';

export interface TargetOptions {
  kind: TargetKind;
  /** A thread's channel: its permissions are the thread's, and webhooks for the thread live there. */
  parentId: string | null;
  /** Text and announcement channels: open a public thread on each posted message, for discussion. */
  threadPerArticle: boolean;
  /** Announcement channels: crosspost each post to the servers that follow the channel. */
  publish: boolean;
  /** Post through the bot's webhook in the channel, under the server's chosen name and avatar. */
  asWebhook: boolean;
  /** Forum and media channels: ids of the tags each post carries. */
  tagIds: string[];
}

/** A schedule stored before targets existed posts plain messages into a channel. */
export const PLAIN_CHANNEL: Readonly<TargetOptions> = Object.freeze({ kind: 'channel', parentId: null, threadPerArticle: false, publish: false, asWebhook: false, tagIds: [] });

export interface Target extends TargetOptions {
  guildId: string;
  /** The channel, forum or thread posts go to; deliveries are recorded under this id. */
  channelId: string;
}

/** How webhook posts look in a server (`/config identity`); null fields keep the webhook's own. */
export interface Identity {
  name: string | null;
  avatarUrl: string | null;
}

export const NO_IDENTITY: Readonly<Identity> = Object.freeze({ name: null, avatarUrl: null });

/**
 * Whether a resend is made harmless by Discord's nonce. Only plain bot messages take one: creating a
 * forum post or executing a webhook has no nonce, so an interrupted one is looked for, never resent.
 */
export function nonceGuards(target: TargetOptions): boolean {
  return target.kind !== 'forum' && !target.asWebhook;
}

/** The channel a target's webhook belongs to: a thread's parent, else the channel itself. */
export function webhookChannelOf(target: Target): string {
  return target.kind === 'thread' && target.parentId ? target.parentId : target.channelId;
}

export const THREAD_NAME_MAX = 100;

/**
 * A thread name for an article: its title on one line, cut to 100 code points at a word (with "…").
 * Deterministic, so a restarted bot knows the name of a forum post it may already have made.
 */
export function threadNameFor(title: string, fallback: string): string {
  const line = title.replace(/\s+/g, ' ').trim() || fallback;
  if (codePoints(line) <= THREAD_NAME_MAX) return line;
  const chars = [...line];
  const room = chars.slice(0, THREAD_NAME_MAX - 1).join('');
  // The room may end exactly at a word's end; otherwise back up to the last space, unless that loses too much.
  const space = chars[THREAD_NAME_MAX - 1] === ' ' ? room.length : room.lastIndexOf(' ');
  const cut = space >= room.length * 0.6 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s\p{M}]+$/u, '')}…`;
}

/** A short description of the options, as /schedule list and the answers show them (`tagNames` already escaped). */
export function describeTarget(target: TargetOptions, tagNames: readonly string[] = []): string {
  const parts: string[] = [];
  const count = target.tagIds.length;
  if (target.kind === 'forum') parts.push(tagNames.length ? `forum posts tagged ${tagNames.join(', ')}` : count ? `forum posts with ${count} tag${count === 1 ? '' : 's'}` : 'forum posts');
  if (target.kind === 'thread') parts.push('in the thread');
  if (target.threadPerArticle) parts.push('a thread per article');
  if (target.publish) parts.push('published');
  if (target.asWebhook) parts.push('through a webhook');
  return parts.join(', ');
}
