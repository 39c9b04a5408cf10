// Threads and forum channels as Discord sends them (ThreadResponse, ThreadMemberResponse and the
// forum fields of GuildChannelResponse in the OpenAPI description), for REST answers and dispatches.
import type { Channel, FakeState, Guild } from './state.js';
import { botCanView, isThread, type Thread } from './thread-access.js';
import { THREAD_ONLY_TYPES } from './thread-state.js';

// Same timestamp shape as serialize.ts (kept local so the two modules do not import each other).
const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

export function apiThreadMember(threadId: string, userId: string, joinedAt: number): Record<string, unknown> {
  return { id: threadId, user_id: userId, join_timestamp: iso(joinedAt), flags: 0 };
}

/** Messages in the thread, not counting a forum post's first message (the one sharing the thread's id). */
function messageCount(state: FakeState, t: Thread): number {
  return state.channelHistory(t.id).filter((m) => m.id !== t.id).length;
}

/** A thread; `viewerId` adds that user's thread member object when they have joined. */
export function apiThread(state: FakeState, t: Thread, viewerId?: string): Record<string, unknown> {
  const meta = t.thread;
  const joinedAt = viewerId === undefined ? undefined : meta.members.get(viewerId);
  return {
    id: t.id,
    type: t.type,
    guild_id: t.guildId,
    name: t.name,
    parent_id: t.parentId,
    owner_id: meta.ownerId,
    last_message_id: t.lastMessageId,
    last_pin_timestamp: null,
    rate_limit_per_user: 0,
    flags: t.flags ?? 0,
    thread_metadata: {
      archived: meta.archived,
      archive_timestamp: iso(meta.archiveTimestamp),
      auto_archive_duration: meta.autoArchiveDuration,
      locked: meta.locked,
      create_timestamp: iso(meta.createdAt),
      ...(t.type === 12 ? { invitable: meta.invitable } : {}),
    },
    message_count: messageCount(state, t),
    // Discord stops counting at 50.
    member_count: Math.min(meta.members.size, 50),
    total_message_sent: meta.totalMessageSent,
    applied_tags: [...meta.appliedTags],
    ...(joinedAt !== undefined && viewerId !== undefined ? { member: apiThreadMember(t.id, viewerId, joinedAt) } : {}),
  };
}

/** Fields only forum and media channels carry (merged into apiChannel's output). */
export function apiForumFields(c: Channel): Record<string, unknown> {
  if (!THREAD_ONLY_TYPES.has(c.type)) return {};
  return {
    available_tags: (c.availableTags ?? []).map((t) => ({ id: t.id, name: t.name, moderated: t.moderated, emoji_id: t.emojiId, emoji_name: t.emojiName })),
    default_reaction_emoji: null,
    default_sort_order: null,
    default_forum_layout: 0,
    default_thread_rate_limit_per_user: 0,
  };
}

/** The guild's active threads the bot can see, as GUILD_CREATE and List Active Guild Threads carry them. */
export function activeThreads(state: FakeState, guild: Guild): Thread[] {
  return [...state.channels.values()]
    .filter((c): c is Thread => isThread(c) && !c.deleted && c.guildId === guild.id && !c.thread.archived)
    .filter((t) => botCanView(state, t));
}

export function apiActiveThreads(state: FakeState, guild: Guild): Record<string, unknown>[] {
  return activeThreads(state, guild).map((t) => apiThread(state, t, state.botUserId));
}
