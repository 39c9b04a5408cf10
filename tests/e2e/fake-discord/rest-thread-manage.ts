// Changing and finding threads: PATCH /channels/{thread} (archive, unarchive, lock, rename, tags)
// with Discord's permission rules, the guild's active threads, and a channel's public archived
// threads, newest archive first, paged with `before` (a timestamp) and `limit`.
import { ApiError, errors, FormErrors } from './errors.js';
import { has, P } from './permissions.js';
import type { Router } from './router.js';
import { activeThreads, apiThread, apiThreadMember } from './serialize-threads.js';
import type { FakeState } from './state.js';
import { botAccess, isThread, type Thread } from './thread-access.js';
import { CT } from './thread-state.js';
import type { ThreadService } from './threads.js';
import { checkAppliedTags, checkAutoArchive, checkName, checkRateLimitPerUser, isObj, resolvePostTags } from './validate-thread.js';

const LISTABLE: ReadonlySet<number> = new Set([CT.Text, CT.Announcement, CT.Forum, CT.Media]);

function botMembers(state: FakeState, threads: Thread[]): Record<string, unknown>[] {
  return threads.flatMap((t) => {
    const at = t.thread.members.get(state.botUserId);
    return at === undefined ? [] : [apiThreadMember(t.id, state.botUserId, at)];
  });
}

function optionalBoolean(fe: FormErrors, body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  fe.add([key], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  return undefined;
}

export function registerThreadManageRoutes(router: Router, deps: { state: FakeState; threads: ThreadService }): void {
  const { state, threads } = deps;

  router.add('PATCH', '/channels/:channel', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (!isThread(channel)) {
      if (!has(perms, P.ManageChannels)) throw errors.missingPermissions();
      throw new ApiError(400, 0, 'fake-discord models PATCH /channels/{id} for threads only');
    }
    const body = isObj(ctx.body) ? ctx.body : {};
    const fe = new FormErrors();
    const name = checkName(fe, body, 'name', { required: false });
    const autoArchive = checkAutoArchive(fe, body);
    checkRateLimitPerUser(fe, body);
    const tags = checkAppliedTags(fe, body);
    const archived = optionalBoolean(fe, body, 'archived');
    const locked = optionalBoolean(fe, body, 'locked');
    fe.throwIfAny();
    const t = channel.thread;
    const moderator = has(perms, P.ManageThreads);
    // An archived thread accepts only a request that unarchives it.
    if (t.archived && archived !== false) throw errors.threadArchived();
    if (t.archived && archived === false) {
      // Locked: moderators only. Otherwise whoever may send messages in the thread.
      if (t.locked ? !moderator : !has(perms, P.SendMessages)) throw errors.missingPermissions();
    }
    const other = name !== undefined || archived === true || autoArchive !== undefined || tags !== undefined;
    if (other && !moderator && t.ownerId !== state.botUserId) throw errors.missingPermissions();
    if (other && t.locked && !moderator) throw errors.threadLocked();
    if (locked !== undefined && locked !== t.locked && !moderator) throw errors.missingPermissions();
    if (tags !== undefined) {
      const parent = state.channel(channel.parentId ?? '');
      if (!parent?.availableTags) throw errors.wrongChannelType();
      t.appliedTags = resolvePostTags(parent, tags, perms);
    }
    if (name !== undefined) channel.name = name;
    if (autoArchive !== undefined) {
      t.autoArchiveDuration = autoArchive;
      t.archiveTimestamp = state.clock();
    }
    if (archived !== undefined || locked !== undefined) threads.setArchived(channel, archived ?? t.archived, locked ?? t.locked);
    else threads.announceUpdate(channel);
    return { status: 200, body: apiThread(state, channel, state.botUserId) };
  }, { major: ['channel'] });

  router.add('GET', '/guilds/:guild/threads/active', (ctx) => {
    const guild = state.guild(ctx.params.guild ?? '');
    if (!guild) throw errors.unknownGuild();
    if (!state.botInGuild(guild.id)) throw errors.missingAccess();
    const list = activeThreads(state, guild);
    // This route has no has_more (discord.js relies on its absence).
    return { status: 200, body: { threads: list.map((t) => apiThread(state, t)), members: botMembers(state, list) } };
  }, { major: ['guild'] });

  router.add('GET', '/channels/:channel/threads/archived/public', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (!LISTABLE.has(channel.type)) throw errors.wrongChannelType();
    if (!has(perms, P.ReadMessageHistory)) throw errors.missingPermissions();
    const fe = new FormErrors();
    const rawLimit = ctx.query.get('limit');
    const limit = rawLimit === null ? 50 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 2 || limit > 100) fe.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 2 and 100.');
    const rawBefore = ctx.query.get('before');
    const before = rawBefore === null ? Number.POSITIVE_INFINITY : Date.parse(rawBefore);
    if (Number.isNaN(before)) fe.add(['before'], 'DATE_TYPE_PARSE', `Could not parse ${rawBefore ?? ''}. Should be ISO8601.`);
    fe.throwIfAny();
    const archived = [...state.channels.values()]
      .filter((c): c is Thread => isThread(c) && !c.deleted && c.parentId === channel.id && c.type !== CT.PrivateThread)
      .filter((t) => t.thread.archived && t.thread.archiveTimestamp < before)
      .sort((a, b) => b.thread.archiveTimestamp - a.thread.archiveTimestamp || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const page = archived.slice(0, limit);
    return { status: 200, body: { threads: page.map((t) => apiThread(state, t)), members: botMembers(state, page), has_more: archived.length > limit } };
  }, { major: ['channel'] });
}
