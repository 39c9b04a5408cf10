// Test-side threads and member posts: threads made, archived, locked and deleted by people, and
// messages members post (to give the bot others' messages to crosspost or start threads on). Also
// keeps the bot's thread cache honest when it gains sight of channels (THREAD_LIST_SYNC).
import { ApiError } from './errors.js';
import { createMessage } from './messages.js';
import type { Channel, StoredMessage } from './state.js';
import { assertCanPost, botCanView, effectivePermissions, isThread, type Thread } from './thread-access.js';
import { CT, THREAD_ONLY_TYPES } from './thread-state.js';
import { ThreadService } from './threads.js';
import { World, type WorldDeps } from './world.js';

export interface ThreadHandle { id: string; guildId: string; parentId: string; name: string; type: number }

export interface AddThreadOptions {
  name: string;
  /** 11 public (default), 12 private (text channels only); announcement channels make 10. */
  type?: number;
  archived?: boolean;
  locked?: boolean;
  /** Who started it (default: the guild owner). */
  ownerId?: string;
  /** Forum and media channels: tag ids from the channel's availableTags. */
  appliedTags?: string[];
  /** Forum and media channels: the post's first message (default: the thread name). */
  content?: string;
}

export abstract class ThreadWorld extends World {
  /** Shared with the REST routes, so the driver and the API announce thread changes alike. */
  protected readonly threadService: ThreadService;
  private readonly newId: () => string;
  private syncDepth = 0;

  constructor(deps: WorldDeps) {
    super(deps);
    this.threadService = new ThreadService(deps.state, deps.dispatch);
    this.newId = deps.snowflake;
  }

  /** MESSAGE_CREATE / UPDATE / DELETE, as the driver dispatches them. */
  protected abstract announceMessage(m: StoredMessage, kind: 'create' | 'update' | 'delete'): void;

  addThread(parentId: string, opts: AddThreadOptions): ThreadHandle {
    const parent = this.liveChannel(parentId);
    const guild = this.state.guild(parent.guildId);
    const forum = THREAD_ONLY_TYPES.has(parent.type);
    const type = parent.type === CT.Announcement ? CT.AnnouncementThread : forum ? CT.PublicThread : (opts.type ?? CT.PublicThread);
    if (!forum && parent.type !== CT.Text && parent.type !== CT.Announcement) throw new Error(`fake-discord: channel ${parentId} cannot hold threads`);
    const unknownTag = (opts.appliedTags ?? []).find((id) => !parent.availableTags?.some((t) => t.id === id));
    if (unknownTag) throw new Error(`fake-discord: ${parentId} has no tag ${unknownTag}`);
    const ownerId = opts.ownerId ?? guild?.ownerId ?? '';
    const t = this.threadService.build({ id: this.newId(), parent, name: opts.name, type, ownerId, appliedTags: opts.appliedTags ?? [] });
    const first = forum ? this.newMessage(t, ownerId, opts.content ?? opts.name, t.id) : undefined;
    this.threadService.add(t);
    this.threadService.announceCreate(t);
    if (first) this.announceMessage(first, 'create');
    if (opts.archived || opts.locked) this.threadService.setArchived(t, opts.archived ?? false, opts.locked ?? false);
    return { id: t.id, guildId: t.guildId, parentId, name: t.name, type };
  }

  /** What a moderator's "Close" (and "Lock") does: THREAD_UPDATE with the new metadata. */
  archiveThread(threadId: string, opts: { locked?: boolean } = {}): void {
    const t = this.liveThread(threadId);
    this.threadService.setArchived(t, true, opts.locked ?? t.thread.locked);
  }

  unarchiveThread(threadId: string, opts: { locked?: boolean } = {}): void {
    const t = this.liveThread(threadId);
    this.threadService.setArchived(t, false, opts.locked ?? t.thread.locked);
  }

  deleteThread(threadId: string): void {
    this.threadService.remove(this.liveThread(threadId));
  }

  /** Threads of a channel (active and archived), oldest first; each has its `thread` metadata. */
  threads(channelId: string): Thread[] {
    return [...this.state.channels.values()].filter((c): c is Thread => isThread(c) && !c.deleted && c.parentId === channelId);
  }

  thread(id: string): Thread | undefined {
    const c = this.state.channel(id);
    return c && isThread(c) ? c : undefined;
  }

  /** A member posts a message (refused where Discord would refuse them); in a thread it unarchives it. */
  addMessage(channelId: string, opts: { authorId: string; content: string; embeds?: Record<string, unknown>[] }): StoredMessage {
    const channel = this.liveChannel(channelId);
    if (!this.state.guild(channel.guildId)?.members.has(opts.authorId)) throw new Error(`fake-discord: ${opts.authorId} is not in the guild`);
    try {
      assertCanPost(channel, effectivePermissions(this.state, channel, opts.authorId));
    } catch (error) {
      if (error instanceof ApiError) throw new Error(`fake-discord: ${opts.authorId} cannot post in ${channelId} (${error.code} ${error.message})`);
      throw error;
    }
    const m = this.newMessage(channel, opts.authorId, opts.content, undefined, opts.embeds);
    if (isThread(channel)) this.threadService.afterPost(channel, opts.authorId);
    this.announceMessage(m, 'create');
    return m;
  }

  override deleteChannel(channelId: string): void {
    // Threads go with their channel.
    for (const t of this.threads(channelId)) t.deleted = true;
    super.deleteChannel(channelId);
  }

  override updateChannel(channelId: string, patch: Parameters<World['updateChannel']>[1]): void {
    this.syncingViews(this.state.channel(channelId)?.guildId, () => super.updateChannel(channelId, patch));
  }

  override setBotChannelPermissions(channelId: string, p: { allow?: bigint; deny?: bigint }): void {
    this.syncingViews(this.state.channel(channelId)?.guildId, () => super.setBotChannelPermissions(channelId, p));
  }

  override updateRole(guildId: string, roleId: string, patch: { name?: string; permissions?: bigint; mentionable?: boolean }): void {
    this.syncingViews(guildId, () => super.updateRole(guildId, roleId, patch));
  }

  override setMemberRoles(guildId: string, userId: string, roles: string[]): void {
    this.syncingViews(guildId, () => super.setMemberRoles(guildId, userId, roles));
  }

  private newMessage(channel: Channel, authorId: string, content: string, id?: string, embeds?: Record<string, unknown>[]): StoredMessage {
    return createMessage({ state: this.state, snowflake: this.newId }, {
      id, channelId: channel.id, guildId: channel.guildId, authorId, fields: { content, ...(embeds ? { embeds } : {}) }, files: [],
      type: 0, ephemeral: false, webhookId: null, interaction: null, mentionPerms: effectivePermissions(this.state, channel, authorId),
    });
  }

  /**
   * Runs a change that may let the bot see channels it could not; Discord then sends THREAD_LIST_SYNC
   * with those channels' active threads. Nested changes (setBotPermissions → updateRole) sync once.
   */
  private syncingViews(guildId: string | undefined, change: () => void): void {
    if (!guildId || this.syncDepth > 0) return change();
    const before = this.visibleWithThreads(guildId);
    this.syncDepth++;
    try {
      change();
    } finally {
      this.syncDepth--;
    }
    this.threadService.listSync(guildId, this.visibleWithThreads(guildId).filter((id) => !before.includes(id)));
  }

  private visibleWithThreads(guildId: string): string[] {
    const ids = this.state.guild(guildId)?.channelIds ?? [];
    return ids.filter((id) => {
      const c = this.state.channel(id);
      return c !== undefined && botCanView(this.state, c) && this.threads(id).some((t) => !t.thread.archived);
    });
  }

  private liveChannel(id: string): Channel {
    const c = this.state.channel(id);
    if (!c) throw new Error(`fake-discord: unknown channel ${id}`);
    return c;
  }

  private liveThread(id: string): Thread {
    const t = this.thread(id);
    if (!t) throw new Error(`fake-discord: unknown thread ${id}`);
    return t;
  }
}
