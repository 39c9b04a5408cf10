// The fake's world: users, guilds (roles, members), channels, messages, commands and
// interactions. Plain data plus lookups; mutations that Discord would announce on the gateway
// go through the driver, which dispatches them.
import { EventEmitter } from 'node:events';
import { channelPermissions, type Overwrite } from './permissions.js';
import type { Clock } from './snowflake.js';
import type { ForumTag, ThreadMeta, WebhookRecord } from './thread-state.js';

export interface User {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface Role {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  /** Set for the bot's integration role, as Discord does. */
  botId: string | null;
}

export interface Member {
  userId: string;
  roles: string[];
  joinedAt: number;
  nick: string | null;
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  roles: Map<string, Role>;
  members: Map<string, Member>;
  channelIds: string[];
}

export interface Channel {
  id: string;
  guildId: string;
  name: string;
  /** 0 text, 2 voice, 4 category, 5 announcement, 10/11/12 threads, 15 forum, 16 media */
  type: number;
  position: number;
  topic: string | null;
  parentId: string | null;
  overwrites: Overwrite[];
  deleted: boolean;
  lastMessageId: string | null;
  /** Channel flags (REQUIRE_TAG on forums and media channels). */
  flags?: number;
  /** Forum and media channels: the tags a post may carry. */
  availableTags?: ForumTag[];
  /** Set on threads only; a thread's parentId is its channel and its overwrites are its parent's. */
  thread?: ThreadMeta;
}

export interface Pinged {
  everyone: boolean;
  roles: string[];
  users: string[];
}

export interface MessageRevision {
  kind: 'create' | 'edit';
  at: number;
  /** The validated request body of this write. */
  body: Record<string, unknown>;
  /** The raw `allowed_mentions` of this write, `undefined` when the payload omitted it. */
  allowedMentions: Record<string, unknown> | undefined;
  pinged: Pinged;
  pingable: Pinged;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string;
  authorId: string;
  /** Discord message type: 0 default, 20 chat input command response. */
  type: number;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  attachments: Record<string, unknown>[];
  flags: number;
  tts: boolean;
  nonce: string | number | null;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** Ephemeral interaction messages never appear in channel history. */
  ephemeral: boolean;
  webhookId: string | null;
  interaction: { id: string; type: number; name: string | null; userId: string } | null;
  /** `allowed_mentions` of the latest write (undefined when that write omitted it). */
  allowedMentions: Record<string, unknown> | undefined;
  /** Who would actually have been notified (Discord's rules), across the create and all edits. */
  pinged: Pinged;
  /** Mentions allowed_mentions let through, ignoring permissions and role mentionability. */
  pingable: Pinged;
  revisions: MessageRevision[];
  /** Published to the channel's followers (announcement channels); also sets the CROSSPOSTED flag. */
  crossposted?: boolean;
  /** The thread started from this message, if any (it shares the message's id). */
  threadId?: string;
  /** Channel webhook messages: the name and avatar URL shown, after username / avatar_url overrides. */
  webhookName?: string;
  webhookAvatarUrl?: string | null;
  /** application_id to show when it is not webhookId (a channel webhook's owner, or null for none). */
  applicationId?: string | null;
}

export interface CommandRecord {
  id: string;
  guildId: string | null;
  version: string;
  /** The normalized command object as Discord returns it (snake_case, with ids). */
  data: Record<string, unknown> & { name: string; type: number };
}

/** One override from Server Settings → Integrations (Discord's application command permissions). */
export interface CommandPermission {
  /** A user id, a role id, or the guild id for @everyone. */
  id: string;
  type: 'role' | 'user';
  permission: boolean;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 application command, 3 component, 4 autocomplete */
  type: 2 | 3 | 4;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  payload: Record<string, unknown>;
  /** For autocomplete: the focused option's type (3 string, 4 integer, 10 number). */
  focusedType: number | null;
  /** For components: the message the component lives on. */
  sourceMessageId: string | null;
  response: { type: number; at: number; data: Record<string, unknown> | null } | null;
  /** The message `@original` refers to, once there is one. */
  originalMessageId: string | null;
  /** Deferred (type 5) and not yet edited or followed up. */
  loading: boolean;
  edits: Array<{ messageId: string; at: number; body: Record<string, unknown> }>;
  followupIds: string[];
  choices: Array<{ name: string; value: string | number }> | null;
}

export class FakeState {
  readonly users = new Map<string, User>();
  readonly guilds = new Map<string, Guild>();
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly channelMessages = new Map<string, string[]>();
  readonly globalCommands = new Map<string, CommandRecord>();
  readonly guildCommands = new Map<string, Map<string, CommandRecord>>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Command permission overrides, keyed `guildId:commandId`. */
  readonly commandPermissions = new Map<string, CommandPermission[]>();
  /** Channel webhooks by id, deleted ones included. */
  readonly webhooks = new Map<string, WebhookRecord>();
  /** Emits 'interaction' (id) and 'message' (id) whenever those change, for waiters. */
  readonly events = new EventEmitter();

  constructor(
    readonly clock: Clock,
    readonly botUserId: string,
  ) {
    this.events.setMaxListeners(0);
  }

  guild(id: string): Guild | undefined {
    return this.guilds.get(id);
  }

  botInGuild(guildId: string): boolean {
    return this.guilds.get(guildId)?.members.has(this.botUserId) ?? false;
  }

  /** Live (not deleted) channel. */
  channel(id: string): Channel | undefined {
    const c = this.channels.get(id);
    return c && !c.deleted ? c : undefined;
  }

  /** Raw permissions (overwrite math, no implicit denials) of a user in a channel. */
  permissionsIn(channelId: string, userId: string): bigint {
    const found = this.channel(channelId);
    // Threads have no overwrites of their own: Discord applies their parent channel's.
    const channel = found?.thread ? this.channel(found.parentId ?? '') : found;
    const guild = channel && this.guilds.get(channel.guildId);
    const member = guild?.members.get(userId);
    if (!channel || !guild || !member) return 0n;
    const roles = member.roles.map((r) => guild.roles.get(r)).filter((r): r is Role => r !== undefined);
    return channelPermissions(
      {
        guildId: guild.id,
        ownerId: guild.ownerId,
        everyonePermissions: guild.roles.get(guild.id)?.permissions ?? 0n,
        rolePermissions: roles.map((r) => r.permissions),
        roleIds: roles.map((r) => r.id),
        userId,
      },
      channel.overwrites,
    );
  }

  /** Guild-level permissions (no channel overwrites). */
  guildPermissions(guildId: string, userId: string): bigint {
    const guild = this.guilds.get(guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) return 0n;
    const roles = member.roles.map((r) => guild.roles.get(r)).filter((r): r is Role => r !== undefined);
    return channelPermissions(
      {
        guildId,
        ownerId: guild.ownerId,
        everyonePermissions: guild.roles.get(guildId)?.permissions ?? 0n,
        rolePermissions: roles.map((r) => r.permissions),
        roleIds: roles.map((r) => r.id),
        userId,
      },
      [],
    );
  }

  /** Commands visible in a guild: guild-specific ones shadow global ones of the same name. */
  commandsFor(guildId: string | null): CommandRecord[] {
    const guild = guildId ? [...(this.guildCommands.get(guildId)?.values() ?? [])] : [];
    return [...guild, ...this.globalCommands.values()];
  }

  channelHistory(channelId: string, includeEphemeral = false): StoredMessage[] {
    return (this.channelMessages.get(channelId) ?? [])
      .map((id) => this.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined && !m.deleted && (includeEphemeral || !m.ephemeral));
  }

  addMessage(message: StoredMessage): void {
    this.messages.set(message.id, message);
    const list = this.channelMessages.get(message.channelId) ?? [];
    list.push(message.id);
    this.channelMessages.set(message.channelId, list);
    const channel = this.channels.get(message.channelId);
    if (channel && !message.ephemeral) channel.lastMessageId = message.id;
    this.events.emit('message', message.id);
  }

  touchInteraction(id: string): void {
    this.events.emit('interaction', id);
  }
}
