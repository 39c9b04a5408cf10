// Builds INTERACTION_CREATE payloads the way Discord sends them to a guild bot (member with
// channel permissions, app_permissions, partial channel and guild, locale, context...) and
// records each interaction so callbacks and webhook follow-ups can be checked against it.
import { buildOptions, InvocationError, type InvocationTarget } from './interaction-options.js';
import { has, P } from './permissions.js';
import { apiChannel, apiMember, apiMessage } from './serialize.js';
import { createInteractionToken } from './snowflake.js';
import type { CommandRecord, FakeState, InteractionRecord } from './state.js';

type Obj = Record<string, unknown>;

export interface InteractionDeps {
  state: FakeState;
  snowflake: () => string;
  applicationId: string;
}

function checkActor(deps: InteractionDeps, guildId: string, channelId: string, userId: string): void {
  const { state } = deps;
  if (!state.guild(guildId)) throw new InvocationError(`unknown guild ${guildId}`);
  if (!state.botInGuild(guildId)) throw new InvocationError(`the bot is not in guild ${guildId}`);
  const channel = state.channel(channelId);
  if (!channel || channel.guildId !== guildId) throw new InvocationError(`unknown channel ${channelId} in guild ${guildId}`);
  if (!state.guild(guildId)?.members.has(userId)) throw new InvocationError(`user ${userId} is not a member of guild ${guildId}`);
  if (!has(state.permissionsIn(channelId, userId), P.ViewChannel)) throw new InvocationError(`user ${userId} cannot see channel ${channelId}`);
}

function record(deps: InteractionDeps, type: 2 | 3 | 4, guildId: string, channelId: string, userId: string, extra: Obj): InteractionRecord {
  const { state } = deps;
  const id = deps.snowflake();
  const token = createInteractionToken();
  const guild = state.guild(guildId);
  const member = guild?.members.get(userId);
  const channel = state.channel(channelId);
  if (!guild || !member || !channel) throw new InvocationError('interaction target vanished');
  const { permission_overwrites: _o, ...partialChannel } = apiChannel(channel);
  const payload: Obj = {
    id,
    application_id: deps.applicationId,
    type,
    token,
    version: 1,
    guild_id: guildId,
    guild: { id: guildId, locale: guild.locale, features: [] },
    channel_id: channelId,
    channel: { ...partialChannel, permissions: state.permissionsIn(channelId, userId).toString() },
    member: { ...apiMember(state, member), permissions: state.permissionsIn(channelId, userId).toString() },
    app_permissions: state.permissionsIn(channelId, state.botUserId).toString(),
    locale: (extra.locale as string | undefined) ?? 'en-US',
    guild_locale: guild.locale,
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    ...extra,
  };
  const rec: InteractionRecord = {
    id, token, type, guildId, channelId, userId,
    createdAt: state.clock(),
    payload,
    focusedType: null,
    sourceMessageId: null,
    response: null,
    originalMessageId: null,
    loading: false,
    edits: [],
    followupIds: [],
    choices: null,
  };
  state.interactions.set(id, rec);
  return rec;
}

/** The server's override for this user and command (see World.setCommandPermissions), if any. */
function commandOverride(state: FakeState, guildId: string, commandId: string, userId: string): boolean | undefined {
  const list = state.commandPermissions.get(`${guildId}:${commandId}`) ?? [];
  const user = list.find((p) => p.type === 'user' && p.id === userId);
  if (user) return user.permission;
  const memberRoles = state.guild(guildId)?.members.get(userId)?.roles ?? [];
  const roles = list.filter((p) => p.type === 'role' && memberRoles.includes(p.id));
  if (roles.length > 0) return roles.some((p) => p.permission);
  return list.find((p) => p.type === 'role' && p.id === guildId)?.permission;
}

function findCommand(deps: InteractionDeps, t: InvocationTarget): CommandRecord {
  const cmd = deps.state.commandsFor(t.guildId).find((c) => c.data.name === t.command && c.data.type === 1);
  if (!cmd) throw new InvocationError(`/${t.command} is not registered (neither for guild ${t.guildId} nor globally)`);
  const contexts = cmd.data.contexts;
  if (Array.isArray(contexts) && !contexts.includes(0)) throw new InvocationError(`/${t.command} is not available in guilds (contexts)`);
  const dmp = cmd.data.default_member_permissions;
  const perms = deps.state.guildPermissions(t.guildId, t.userId);
  const override = commandOverride(deps.state, t.guildId, cmd.id, t.userId);
  if (override === false && !has(perms, P.Administrator)) {
    throw new InvocationError(`user ${t.userId} is denied /${t.command} by the server's command permissions; Discord would not show the command`);
  }
  // "0" means administrators only: has(perms, 0n) would be true for everyone.
  if (override === undefined && typeof dmp === 'string' && !has(perms, P.Administrator) && (BigInt(dmp) === 0n || !has(perms, BigInt(dmp)))) {
    throw new InvocationError(`user ${t.userId} lacks default_member_permissions ${dmp} for /${t.command}; Discord would not show the command`);
  }
  if (!has(deps.state.permissionsIn(t.channelId, t.userId), P.UseApplicationCommands)) {
    throw new InvocationError(`user ${t.userId} lacks Use Application Commands in channel ${t.channelId}`);
  }
  return cmd;
}

export function createCommandInteraction(deps: InteractionDeps, t: InvocationTarget & { locale?: string }): InteractionRecord {
  checkActor(deps, t.guildId, t.channelId, t.userId);
  const cmd = findCommand(deps, t);
  const { options, resolved } = buildOptions(deps.state, cmd, t);
  const data: Obj = { id: cmd.id, name: cmd.data.name, type: 1 };
  if (cmd.guildId) data.guild_id = cmd.guildId;
  if (options.length > 0) data.options = options;
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  return record(deps, 2, t.guildId, t.channelId, t.userId, { data, ...(t.locale ? { locale: t.locale } : {}) });
}

export function createAutocompleteInteraction(deps: InteractionDeps, t: InvocationTarget & { focused: string }): InteractionRecord {
  checkActor(deps, t.guildId, t.channelId, t.userId);
  const cmd = findCommand(deps, t);
  const { options, focusedDef } = buildOptions(deps.state, cmd, t, t.focused);
  const data: Obj = { id: cmd.id, name: cmd.data.name, type: 1, options };
  if (cmd.guildId) data.guild_id = cmd.guildId;
  const rec = record(deps, 4, t.guildId, t.channelId, t.userId, { data });
  rec.focusedType = (focusedDef?.type as number | undefined) ?? 3;
  return rec;
}

function findComponent(components: Obj[], customId: string): Obj | undefined {
  for (const row of components) {
    for (const c of (row.components ?? []) as Obj[]) if (c.custom_id === customId) return c;
  }
  return undefined;
}

export function createComponentInteraction(
  deps: InteractionDeps,
  t: { guildId: string; channelId: string; userId: string; messageId: string; customId: string; values?: string[] },
): InteractionRecord {
  checkActor(deps, t.guildId, t.channelId, t.userId);
  const message = deps.state.messages.get(t.messageId);
  if (!message || message.deleted || message.channelId !== t.channelId) throw new InvocationError(`no message ${t.messageId} in channel ${t.channelId}`);
  if (message.ephemeral && message.interaction?.userId !== t.userId) throw new InvocationError(`message ${t.messageId} is ephemeral and not visible to ${t.userId}`);
  if (message.authorId !== deps.state.botUserId) throw new InvocationError(`message ${t.messageId} was not sent by this application`);
  const component = findComponent(message.components, t.customId);
  if (!component) throw new InvocationError(`message ${t.messageId} has no component with custom_id "${t.customId}"`);
  if (component.disabled === true) throw new InvocationError(`component "${t.customId}" is disabled`);
  const type = component.type as number;
  const data: Obj = { custom_id: t.customId, component_type: type, id: component.id };
  if (type !== 2) data.values = t.values ?? [];
  const rec = record(deps, 3, t.guildId, t.channelId, t.userId, { data, message: apiMessage(deps.state, message) });
  rec.sourceMessageId = message.id;
  return rec;
}
