// Thread lifecycle shared by the REST routes and the test driver: creating, archiving, joining,
// posting into and deleting threads, each announced on the gateway the way Discord does (THREAD_*
// events reach only sessions whose bot can see the thread, all under the Guilds intent).
import { INTENT } from './gateway.js';
import { apiThread, apiThreadMember } from './serialize-threads.js';
import type { Channel, FakeState } from './state.js';
import { botCanView, isThread, type Thread } from './thread-access.js';
import { CT, type ThreadMeta } from './thread-state.js';

export type Dispatch = (t: string, d: unknown, intent?: number) => void;

export interface NewThread {
  id: string;
  parent: Channel;
  name: string;
  type: number;
  ownerId: string;
  autoArchiveDuration?: number;
  appliedTags?: string[];
  invitable?: boolean;
}

export class ThreadService {
  constructor(
    readonly state: FakeState,
    private readonly dispatch: Dispatch,
  ) {}

  /** Builds a thread; nothing is stored or announced until `add` (so a failed first message leaves no trace). */
  build(n: NewThread): Thread {
    const now = this.state.clock();
    const meta: ThreadMeta = {
      ownerId: n.ownerId, archived: false, locked: false, archiveTimestamp: now,
      autoArchiveDuration: n.autoArchiveDuration ?? 1440, createdAt: now, appliedTags: [...(n.appliedTags ?? [])],
      invitable: n.invitable ?? true, members: new Map(), totalMessageSent: 0,
    };
    return {
      id: n.id, guildId: n.parent.guildId, name: n.name, type: n.type, position: 0, topic: null,
      parentId: n.parent.id, overwrites: [], deleted: false, lastMessageId: null, flags: 0, thread: meta,
    };
  }

  /** Stores the thread; its owner joins when it is a member of the guild (not when it is a webhook). */
  add(t: Thread): void {
    this.state.channels.set(t.id, t);
    if (this.state.guild(t.guildId)?.members.has(t.thread.ownerId)) t.thread.members.set(t.thread.ownerId, this.state.clock());
    const parent = this.state.channel(t.parentId ?? '');
    // A forum's last_message_id points at its newest post.
    if (parent && (parent.type === CT.Forum || parent.type === CT.Media)) parent.lastMessageId = t.id;
  }

  announceCreate(t: Thread): void {
    this.emit(t, 'THREAD_CREATE', { ...apiThread(this.state, t, this.state.botUserId), newly_created: true });
  }

  announceUpdate(t: Thread): void {
    this.emit(t, 'THREAD_UPDATE', apiThread(this.state, t));
  }

  setArchived(t: Thread, archived: boolean, locked = t.thread.locked): void {
    if (t.thread.archived !== archived) t.thread.archiveTimestamp = this.state.clock();
    t.thread.archived = archived;
    t.thread.locked = locked;
    this.announceUpdate(t);
  }

  remove(t: Thread): void {
    const visible = botCanView(this.state, t);
    t.deleted = true;
    if (visible && this.state.botInGuild(t.guildId)) {
      this.dispatch('THREAD_DELETE', { id: t.id, guild_id: t.guildId, parent_id: t.parentId, type: t.type }, INTENT.Guilds);
    }
  }

  /** Adds a member; Discord tells the bot about its own joins under Guilds, about others' under GuildMembers. */
  join(t: Thread, userId: string): void {
    if (t.thread.members.has(userId) || !this.state.guild(t.guildId)?.members.has(userId)) return;
    const at = this.state.clock();
    t.thread.members.set(userId, at);
    const d = { id: t.id, guild_id: t.guildId, member_count: Math.min(t.thread.members.size, 50), added_members: [apiThreadMember(t.id, userId, at)] };
    this.emit(t, 'THREAD_MEMBERS_UPDATE', d, userId === this.state.botUserId ? INTENT.Guilds : INTENT.GuildMembers);
  }

  /**
   * After a message lands in a thread: sending unarchives an (unlocked) archived thread, counts, and
   * adds the author as a member (webhooks are not users and join nothing). Call before MESSAGE_CREATE.
   */
  afterPost(t: Thread, authorId: string): void {
    if (t.thread.archived) this.setArchived(t, false);
    t.thread.totalMessageSent++;
    this.join(t, authorId);
  }

  /** THREAD_LIST_SYNC for channels the bot has just gained sight of: their active threads. */
  listSync(guildId: string, channelIds: string[]): void {
    if (channelIds.length === 0 || !this.state.botInGuild(guildId)) return;
    const threads = [...this.state.channels.values()].filter(
      (c): c is Thread => isThread(c) && !c.deleted && !c.thread.archived && channelIds.includes(c.parentId ?? '') && botCanView(this.state, c),
    );
    const bot = this.state.botUserId;
    const members = threads.flatMap((t) => {
      const at = t.thread.members.get(bot);
      return at === undefined ? [] : [apiThreadMember(t.id, bot, at)];
    });
    this.dispatch('THREAD_LIST_SYNC', { guild_id: guildId, channel_ids: channelIds, threads: threads.map((t) => apiThread(this.state, t)), members }, INTENT.Guilds);
  }

  private emit(t: Thread, type: string, d: unknown, intent: number = INTENT.Guilds): void {
    if (botCanView(this.state, t)) this.dispatch(type, d, intent);
  }
}
