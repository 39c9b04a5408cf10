// Test-side changes to guilds, channels, roles and members. Each change that Discord would
// announce is dispatched on the gateway, so the client's cache stays true to the server.
import { INTENT } from './gateway.js';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, type Overwrite } from './permissions.js';
import { apiChannel, apiGuild, apiGuildCreate, apiMember, apiRole } from './serialize.js';
import type { Channel, CommandPermission, FakeState, Guild, Member, Role } from './state.js';
import { CHANNEL_FLAG, type ForumTag, type TagInput, THREAD_ONLY_TYPES, toForumTag, withFlag } from './thread-state.js';

export interface OverwriteInput {
  id: string;
  type: 'role' | 'member';
  allow?: bigint;
  deny?: bigint;
}

export interface GuildHandle { id: string; name: string; everyoneRoleId: string; botRoleId: string; ownerId: string }
export interface ChannelHandle { id: string; guildId: string; name: string; type: number; availableTags?: ForumTag[] }
export interface RoleHandle { id: string; guildId: string; name: string }
export interface MemberHandle { id: string; username: string; guildId: string }

export interface WorldDeps {
  state: FakeState;
  snowflake: () => string;
  dispatch: (t: string, d: unknown, intent?: number) => void;
}

const toOverwrite = (o: OverwriteInput): Overwrite => ({ id: o.id, type: o.type === 'role' ? 0 : 1, allow: o.allow ?? 0n, deny: o.deny ?? 0n });

export class World {
  /** The raw server state, for assertions no helper covers. */
  readonly state: FakeState;

  constructor(private readonly deps: WorldDeps) {
    this.state = deps.state;
  }

  private guildOrThrow(id: string): Guild {
    const guild = this.state.guild(id);
    if (!guild) throw new Error(`fake-discord: unknown guild ${id}`);
    return guild;
  }

  private channelOrThrow(id: string): Channel {
    const channel = this.state.channel(id);
    if (!channel) throw new Error(`fake-discord: unknown channel ${id}`);
    return channel;
  }

  /** Dispatches only while the bot is in the guild (Discord sends nothing for other guilds). */
  private emit(guildId: string, t: string, d: unknown, intent: number = INTENT.Guilds): void {
    if (this.state.botInGuild(guildId)) this.deps.dispatch(t, d, intent);
  }

  /**
   * A caller-chosen id (so a world rebuilt at every start keeps the ids a database refers to), or a
   * fresh snowflake. Chosen ids must look like Discord's and be unused.
   */
  private idFor(chosen: string | undefined, taken: (id: string) => boolean): string {
    if (chosen === undefined) return this.deps.snowflake();
    if (!/^\d{17,20}$/.test(chosen)) throw new Error(`fake-discord: ${chosen} is not a snowflake`);
    if (taken(chosen)) throw new Error(`fake-discord: id ${chosen} is already in use`);
    return chosen;
  }

  private newUser(username: string, bot = false, chosenId?: string): string {
    const id = this.idFor(chosenId, (taken) => this.state.users.has(taken));
    this.state.users.set(id, { id, username, globalName: bot ? null : username, bot });
    return id;
  }

  private memberUpdate(guildId: string, m: Member): void {
    const { user, ...rest } = apiMember(this.state, m);
    const payload = { guild_id: guildId, user, ...rest };
    // The bot's own member updates arrive without the privileged GUILD_MEMBERS intent.
    this.emit(guildId, 'GUILD_MEMBER_UPDATE', payload, m.userId === this.state.botUserId ? 0 : INTENT.GuildMembers);
  }

  addGuild(opts: { id?: string; name: string; locale?: string; everyonePermissions?: bigint; botPermissions?: bigint; ownerName?: string }): GuildHandle {
    const id = this.idFor(opts.id, (taken) => this.state.guilds.has(taken));
    const ownerId = this.newUser(opts.ownerName ?? `${opts.name} owner`.toLowerCase().replace(/\W+/g, '_'));
    const botRoleId = this.deps.snowflake();
    const roles = new Map<string, Role>([
      [id, { id, name: '@everyone', permissions: opts.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, position: 0, color: 0, hoist: false, mentionable: false, botId: null }],
      [botRoleId, { id: botRoleId, name: this.state.users.get(this.state.botUserId)?.username ?? 'bot', permissions: opts.botPermissions ?? DEFAULT_BOT_PERMISSIONS, position: 1, color: 0, hoist: false, mentionable: false, botId: this.state.botUserId }],
    ]);
    const now = this.state.clock();
    const members = new Map<string, Member>([
      [ownerId, { userId: ownerId, roles: [], joinedAt: now, nick: null }],
      [this.state.botUserId, { userId: this.state.botUserId, roles: [botRoleId], joinedAt: now, nick: null }],
    ]);
    const guild: Guild = { id, name: opts.name, ownerId, locale: opts.locale ?? 'en-US', roles, members, channelIds: [] };
    this.state.guilds.set(id, guild);
    this.emit(id, 'GUILD_CREATE', apiGuildCreate(this.state, guild, now));
    return { id, name: opts.name, everyoneRoleId: id, botRoleId, ownerId };
  }

  /** Forum (15) and media (16) channels take `availableTags` and `requireTag` (the REQUIRE_TAG flag). */
  addChannel(guildId: string, opts: { id?: string; name: string; type?: number; topic?: string; parentId?: string; overwrites?: OverwriteInput[]; availableTags?: TagInput[]; requireTag?: boolean }): ChannelHandle {
    const guild = this.guildOrThrow(guildId);
    const channel: Channel = {
      id: this.idFor(opts.id, (taken) => this.state.channels.has(taken)), guildId, name: opts.name, type: opts.type ?? 0, position: guild.channelIds.length,
      topic: opts.topic ?? null, parentId: opts.parentId ?? null, overwrites: (opts.overwrites ?? []).map(toOverwrite), deleted: false, lastMessageId: null,
    };
    if (THREAD_ONLY_TYPES.has(channel.type)) {
      channel.availableTags = (opts.availableTags ?? []).map((t) => toForumTag(t, this.deps.snowflake()));
      channel.flags = withFlag(0, CHANNEL_FLAG.RequireTag, opts.requireTag ?? false);
    }
    this.state.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    this.emit(guildId, 'CHANNEL_CREATE', apiChannel(channel));
    return { id: channel.id, guildId, name: channel.name, type: channel.type, ...(channel.availableTags ? { availableTags: channel.availableTags } : {}) };
  }

  updateChannel(channelId: string, patch: { name?: string; topic?: string | null; overwrites?: OverwriteInput[]; availableTags?: TagInput[]; requireTag?: boolean }): void {
    const channel = this.channelOrThrow(channelId);
    if (patch.name !== undefined) channel.name = patch.name;
    if (patch.topic !== undefined) channel.topic = patch.topic;
    if (patch.overwrites) channel.overwrites = patch.overwrites.map(toOverwrite);
    if (patch.availableTags) channel.availableTags = patch.availableTags.map((t) => toForumTag(t, this.deps.snowflake()));
    if (patch.requireTag !== undefined) channel.flags = withFlag(channel.flags ?? 0, CHANNEL_FLAG.RequireTag, patch.requireTag);
    this.emit(channel.guildId, 'CHANNEL_UPDATE', apiChannel(channel));
  }

  /** Sets (replaces) the bot's member overwrite in a channel. */
  setBotChannelPermissions(channelId: string, p: { allow?: bigint; deny?: bigint }): void {
    const channel = this.channelOrThrow(channelId);
    const rest = channel.overwrites.filter((o) => !(o.type === 1 && o.id === this.state.botUserId));
    channel.overwrites = [...rest, { id: this.state.botUserId, type: 1, allow: p.allow ?? 0n, deny: p.deny ?? 0n }];
    this.emit(channel.guildId, 'CHANNEL_UPDATE', apiChannel(channel));
  }

  deleteChannel(channelId: string): void {
    const channel = this.channelOrThrow(channelId);
    channel.deleted = true;
    const guild = this.state.guild(channel.guildId);
    if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    this.emit(channel.guildId, 'CHANNEL_DELETE', apiChannel(channel));
  }

  addRole(guildId: string, opts: { id?: string; name: string; permissions?: bigint; mentionable?: boolean; color?: number }): RoleHandle {
    const guild = this.guildOrThrow(guildId);
    const role: Role = { id: this.idFor(opts.id, (taken) => guild.roles.has(taken)), name: opts.name, permissions: opts.permissions ?? 0n, position: guild.roles.size, color: opts.color ?? 0, hoist: false, mentionable: opts.mentionable ?? false, botId: null };
    guild.roles.set(role.id, role);
    this.emit(guildId, 'GUILD_ROLE_CREATE', { guild_id: guildId, role: apiRole(role) });
    return { id: role.id, guildId, name: role.name };
  }

  updateRole(guildId: string, roleId: string, patch: { name?: string; permissions?: bigint; mentionable?: boolean }): void {
    const role = this.guildOrThrow(guildId).roles.get(roleId);
    if (!role) throw new Error(`fake-discord: unknown role ${roleId}`);
    Object.assign(role, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    this.emit(guildId, 'GUILD_ROLE_UPDATE', { guild_id: guildId, role: apiRole(role) });
  }

  deleteRole(guildId: string, roleId: string): void {
    const guild = this.guildOrThrow(guildId);
    if (roleId === guildId || !guild.roles.delete(roleId)) throw new Error(`fake-discord: cannot delete role ${roleId}`);
    for (const m of guild.members.values()) m.roles = m.roles.filter((r) => r !== roleId);
    this.emit(guildId, 'GUILD_ROLE_DELETE', { guild_id: guildId, role_id: roleId });
  }

  /** Sets the permissions of the bot's managed role (guild-wide). */
  setBotPermissions(guildId: string, permissions: bigint): void {
    const guild = this.guildOrThrow(guildId);
    const role = [...guild.roles.values()].find((r) => r.botId === this.state.botUserId);
    if (!role) throw new Error('fake-discord: the bot has no role in this guild');
    this.updateRole(guildId, role.id, { permissions });
  }

  addMember(guildId: string, opts: { id?: string; username: string; permissions?: bigint; roles?: string[]; owner?: boolean }): MemberHandle {
    const guild = this.guildOrThrow(guildId);
    const userId = this.newUser(opts.username, false, opts.id);
    const roles = [...(opts.roles ?? [])];
    if (opts.permissions !== undefined) roles.push(this.addRole(guildId, { name: `${opts.username} permissions`, permissions: opts.permissions }).id);
    const member: Member = { userId, roles, joinedAt: this.state.clock(), nick: null };
    guild.members.set(userId, member);
    this.emit(guildId, 'GUILD_MEMBER_ADD', { guild_id: guildId, ...apiMember(this.state, member) }, INTENT.GuildMembers);
    if (opts.owner) {
      guild.ownerId = userId;
      this.emit(guildId, 'GUILD_UPDATE', apiGuild(guild));
    }
    return { id: userId, username: opts.username, guildId };
  }

  setMemberRoles(guildId: string, userId: string, roles: string[]): void {
    const member = this.guildOrThrow(guildId).members.get(userId);
    if (!member) throw new Error(`fake-discord: ${userId} is not in guild ${guildId}`);
    member.roles = [...roles];
    this.memberUpdate(guildId, member);
  }

  /**
   * What a server admin does in Server Settings → Integrations: per-user or per-role overrides of who
   * may use a command, which take the place of its default_member_permissions (user overrides first,
   * then the member's roles, any allow winning, then @everyone as the role with the guild's id).
   * Replaces the command's overrides; an empty list removes them.
   */
  setCommandPermissions(guildId: string, commandName: string, permissions: CommandPermission[]): void {
    this.guildOrThrow(guildId);
    const command = this.state.commandsFor(guildId).find((c) => c.data.name === commandName && c.data.type === 1);
    if (!command) throw new Error(`fake-discord: /${commandName} is not registered for guild ${guildId}`);
    const key = `${guildId}:${command.id}`;
    if (permissions.length === 0) this.state.commandPermissions.delete(key);
    else this.state.commandPermissions.set(key, permissions.map((p) => ({ ...p })));
  }

  removeBotFromGuild(guildId: string): void {
    const guild = this.guildOrThrow(guildId);
    guild.members.delete(this.state.botUserId);
    // No `unavailable` field: the bot was removed (as opposed to an outage).
    this.deps.dispatch('GUILD_DELETE', { id: guildId }, INTENT.Guilds);
  }

  /** Re-adds the bot (e.g. after removeBotFromGuild) with its managed role. */
  addBotToGuild(guildId: string): void {
    const guild = this.guildOrThrow(guildId);
    const role = [...guild.roles.values()].find((r) => r.botId === this.state.botUserId);
    guild.members.set(this.state.botUserId, { userId: this.state.botUserId, roles: role ? [role.id] : [], joinedAt: this.state.clock(), nick: null });
    this.emit(guildId, 'GUILD_CREATE', apiGuildCreate(this.state, guild, this.state.clock()));
  }
}
