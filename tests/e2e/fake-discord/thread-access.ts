// Who may see and write where, by Discord's thread rules: a thread takes its parent's overwrites,
// SEND_MESSAGES_IN_THREADS stands in for SEND_MESSAGES inside it, private threads show only to their
// members and to moderators, and archived or locked threads refuse writes from non-moderators.
import { errors } from './errors.js';
import { enforceablePermissions, has, P } from './permissions.js';
import type { Channel, FakeState } from './state.js';
import { CT, THREAD_ONLY_TYPES, type ThreadMeta } from './thread-state.js';

export type Thread = Channel & { thread: ThreadMeta };

export const isThread = (c: Channel): c is Thread => c.thread !== undefined;

/** Channel types a message can be posted in directly (forums and media channels take posts as threads). */
const POSTABLE: ReadonlySet<number> = new Set([CT.Text, CT.Announcement, CT.AnnouncementThread, CT.PublicThread, CT.PrivateThread]);

/**
 * Permissions Discord enforces for `userId` in a channel or thread. Inside a thread the
 * SEND_MESSAGES bit of the result means "may send here" (it is SEND_MESSAGES_IN_THREADS), so callers
 * check one bit everywhere, and the implicit denials (embeds, files, @everyone) follow it.
 */
export function effectivePermissions(state: FakeState, channel: Channel, userId: string): bigint {
  const raw = state.permissionsIn(channel.id, userId);
  if (!isThread(channel)) return enforceablePermissions(raw);
  const asChannel = (raw & ~P.SendMessages) | (has(raw, P.SendMessagesInThreads) ? P.SendMessages : 0n);
  const perms = enforceablePermissions(asChannel);
  if (channel.type === CT.PrivateThread && !channel.thread.members.has(userId) && !has(perms, P.ManageThreads)) return 0n;
  return perms;
}

/** Whether the bot sees the channel or thread at all (what decides gateway delivery too). */
export function botCanView(state: FakeState, channel: Channel): boolean {
  return state.botInGuild(channel.guildId) && has(effectivePermissions(state, channel, state.botUserId), P.ViewChannel);
}

/** The live channel and the bot's permissions in it; 10003 when missing, 50001 when not visible. */
export function botAccess(state: FakeState, id: string | undefined): { channel: Channel; perms: bigint } {
  const channel = state.channel(id ?? '');
  if (!channel) throw errors.unknownChannel();
  if (!state.botInGuild(channel.guildId)) throw errors.missingAccess();
  const perms = effectivePermissions(state, channel, state.botUserId);
  if (!has(perms, P.ViewChannel)) throw errors.missingAccess();
  return { channel, perms };
}

/**
 * Refuses a new message where Discord would. An archived thread that is not locked accepts it (the
 * send unarchives it, see ThreadService.afterPost); a locked one needs MANAGE_THREADS.
 */
export function assertCanPost(channel: Channel, perms: bigint): void {
  if (THREAD_ONLY_TYPES.has(channel.type)) throw errors.cannotSendInForum();
  if (!POSTABLE.has(channel.type)) throw errors.nonTextChannel();
  if (!has(perms, P.SendMessages)) throw errors.missingPermissions();
  const t = channel.thread;
  if (t?.locked && !has(perms, P.ManageThreads)) throw t.archived ? errors.threadArchived() : errors.threadLocked();
}

/** Editing a message needs an active thread (and, when locked, MANAGE_THREADS). */
export function assertCanEditIn(channel: Channel, perms: bigint): void {
  const t = channel.thread;
  if (!t) return;
  if (t.archived) throw errors.threadArchived();
  if (t.locked && !has(perms, P.ManageThreads)) throw errors.threadLocked();
}
