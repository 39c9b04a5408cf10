/**
 * fake-discord: a loopback server speaking Discord's HTTP API v10 and Gateway v10 strictly
 * enough that the real discord.js Client and REST pass against it only when they would pass
 * against Discord. Tests drive it as the "users" and "Discord staff" of a guild.
 *
 *   const discord = await startFakeDiscord({ token?, applicationId?, now?, heartbeatIntervalMs?,
 *                                            privilegedIntents?, rateLimit? });
 *   new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiBase } }).login(discord.token)
 *   new REST({ api: discord.apiBase }).setToken(discord.token)
 *
 * World (each change is dispatched on the gateway like Discord would; addGuild, addChannel, addRole and
 * addMember also take an `id`, for a world rebuilt with the same ids at every start):
 *   addGuild({ name, locale?, everyonePermissions?, botPermissions?, ownerName? }) → { id, everyoneRoleId, botRoleId, ownerId }
 *   addChannel(guildId, { name, type?: 0|5|…, topic?, parentId?, overwrites?: [{ id, type: 'role'|'member', allow?, deny? }] })
 *   updateChannel(channelId, { name?, topic?, overwrites? }); deleteChannel(channelId)
 *   addRole(guildId, { name, permissions?, mentionable?, color? }); updateRole(guildId, roleId, patch); deleteRole(guildId, roleId)
 *   addMember(guildId, { username, permissions?, roles?, owner? }) → { id, username }
 *   setMemberRoles(guildId, userId, roleIds); setBotPermissions(guildId, bits); setBotChannelPermissions(channelId, { allow?, deny? })
 *   setCommandPermissions(guildId, commandName, [{ id, type: 'user'|'role', permission }]) (Integrations overrides,
 *     which replace default_member_permissions for the users they match)
 *   removeBotFromGuild(guildId); addBotToGuild(guildId)
 *
 * Users acting (refused with a thrown InvocationError when Discord's UI would not allow it):
 *   invokeCommand({ guildId, channelId, userId, command, group?, subcommand?, options?, locale? }) → InteractionResult
 *   pressButton({ guildId, channelId, userId, messageId, customId, values? }) → InteractionResult
 *   autocomplete({ guildId, channelId, userId, command, group?, subcommand?, options?, focused }) → choices
 *   InteractionResult: response({ timeoutMs }) / final({ quietMs, timeoutMs }) → { type, data, ephemeral,
 *     pending, edits, followups, message, choices }; snapshot(); payload; record
 *
 * Inspection: messages(channelId, { includeEphemeral? }) (each with revisions, allowedMentions,
 *   pinged and pingable); message(id); commands(guildId?); requests; gatewayLog; state.
 * Faults: faults.failNext({ method?, path, status, code?, message?, retryAfter?, global?, times? }),
 *   faults.pending, faults.reconnect(), faults.invalidateSession(resumable), faults.dropConnection(),
 *   faults.requestHeartbeat().
 * Time: now(), advanceTime(ms) (server clock only); waitFor(predicate, { timeoutMs, what }); close().
 */
export { FakeDiscord, startFakeDiscord, type FakeDiscordOptions } from './driver.js';
export type { FailSpec } from './faults.js';
export type { GatewayLogEntry } from './gateway.js';
export { InvocationError, type InvocationTarget, type OptionValue } from './interaction-options.js';
export { InteractionResult, type InteractionSnapshot } from './interaction-result.js';
export { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, P as Permissions } from './permissions.js';
export type { LoggedRequest } from './rest-server.js';
export type { CommandPermission, MessageRevision, Pinged, StoredMessage } from './state.js';
export type { ChannelHandle, GuildHandle, MemberHandle, OverwriteInput, RoleHandle } from './world.js';
