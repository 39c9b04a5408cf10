// State → the JSON shapes Discord sends (REST responses and gateway payloads), following the
// OpenAPI description's *Response schemas closely enough for discord.js to cache them.
import { apiActiveThreads, apiForumFields, apiThread } from './serialize-threads.js';
import type { Channel, FakeState, Guild, Member, Role, StoredMessage, User } from './state.js';
import { isThread } from './thread-access.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

export function apiUser(u: User): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    global_name: u.globalName,
    // Users migrated to unique usernames show "0"; bots keep a four-digit tag.
    discriminator: u.bot ? String((BigInt(u.id) % 9000n) + 1000n) : '0',
    avatar: null,
    avatar_decoration_data: null,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    ...(u.bot ? { bot: true } : {}),
  };
}

export function apiRole(r: Role): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    description: null,
    permissions: r.permissions.toString(),
    position: r.position,
    color: r.color,
    colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
    hoist: r.hoist,
    managed: r.botId !== null,
    mentionable: r.mentionable,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(r.botId ? { tags: { bot_id: r.botId } } : {}),
  };
}

export function apiChannel(c: Channel, opts: { withGuildId: boolean } = { withGuildId: true }): Record<string, unknown> {
  return {
    id: c.id,
    type: c.type,
    ...(opts.withGuildId ? { guild_id: c.guildId } : {}),
    name: c.name,
    position: c.position,
    parent_id: c.parentId,
    topic: c.topic,
    nsfw: false,
    flags: c.flags ?? 0,
    last_message_id: c.lastMessageId,
    rate_limit_per_user: 0,
    permission_overwrites: c.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
    ...apiForumFields(c),
  };
}

export function apiMember(state: FakeState, m: Member): Record<string, unknown> {
  const user = state.users.get(m.userId);
  return {
    user: user ? apiUser(user) : { id: m.userId },
    nick: m.nick,
    avatar: null,
    banner: null,
    roles: [...m.roles],
    joined_at: iso(m.joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** REST GET /guilds/{id} shape (no members/channels). */
export function apiGuild(g: Guild): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: g.locale,
    features: [],
    roles: [...g.roles.values()].map(apiRole),
    emojis: [],
    stickers: [],
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    application_id: null,
    vanity_url_code: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    widget_enabled: false,
    widget_channel_id: null,
    region: 'deprecated',
    incidents_data: null,
  };
}

/** Gateway GUILD_CREATE payload: the guild plus everything the Guilds intent caches. */
export function apiGuildCreate(state: FakeState, g: Guild, botJoinedAt: number): Record<string, unknown> {
  const channels = g.channelIds
    .map((id) => state.channel(id))
    .filter((c): c is Channel => c !== undefined)
    .map((c) => apiChannel(c, { withGuildId: false }));
  return {
    ...apiGuild(g),
    joined_at: iso(botJoinedAt),
    large: false,
    unavailable: false,
    member_count: g.members.size,
    // Without GUILD_MEMBERS Discord still includes the bot's own member (and voice members).
    members: [...g.members.values()].filter((m) => m.userId === state.botUserId).map((m) => apiMember(state, m)),
    channels,
    threads: apiActiveThreads(state, g),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    lazy: true,
  };
}

export function apiMessage(state: FakeState, m: StoredMessage): Record<string, unknown> {
  const author = state.users.get(m.authorId);
  const mentions = m.pinged.users
    .map((id) => state.users.get(id))
    .filter((u): u is User => u !== undefined)
    .map(apiUser);
  const base: Record<string, unknown> = {
    type: m.type,
    content: m.content,
    mentions,
    mention_roles: [...m.pinged.roles],
    attachments: m.attachments,
    embeds: m.embeds,
    timestamp: iso(m.createdAt),
    edited_timestamp: m.editedAt === null ? null : iso(m.editedAt),
    flags: m.flags,
    components: m.components,
    id: m.id,
    channel_id: m.channelId,
    author: m.webhookName !== undefined ? webhookAuthor(m) : author ? apiUser(author) : { id: m.authorId },
    pinned: false,
    mention_everyone: m.pinged.everyone,
    tts: m.tts,
  };
  if (m.nonce !== null) base.nonce = m.nonce;
  if (m.webhookId) {
    base.webhook_id = m.webhookId;
    const appId = m.applicationId === undefined ? m.webhookId : m.applicationId;
    if (appId) base.application_id = appId;
  }
  const thread = m.threadId ? state.channel(m.threadId) : undefined;
  if (thread && isThread(thread)) base.thread = apiThread(state, thread);
  if (m.interaction) {
    const user = state.users.get(m.interaction.userId);
    const userJson = user ? apiUser(user) : { id: m.interaction.userId };
    base.interaction_metadata = {
      id: m.interaction.id,
      type: m.interaction.type,
      user: userJson,
      authorizing_integration_owners: { '0': m.guildId },
      ...(m.interaction.name ? { name: m.interaction.name, command_type: 1 } : {}),
    };
    base.interaction = { id: m.interaction.id, type: m.interaction.type, name: m.interaction.name ?? '', user: userJson };
  }
  return base;
}

/** A channel webhook message's author: the webhook under the name (and avatar) the message used. */
function webhookAuthor(m: StoredMessage): Record<string, unknown> {
  return { id: m.authorId, username: m.webhookName, discriminator: '0000', avatar: null, global_name: null, public_flags: 0, flags: 0, bot: true };
}
