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
 *   addChannel(guildId, { name, type?: 0|5|15|16|…, topic?, parentId?, overwrites?: [{ id, type: 'role'|'member', allow?, deny? }],
 *     availableTags?: [{ name, moderated?, emojiName? }], requireTag? }) → { id, guildId, name, type, availableTags? (forum/media, with ids) }
 *   updateChannel(channelId, { name?, topic?, overwrites?, availableTags?, requireTag? }); deleteChannel(channelId) (its threads go too)
 *   addRole(guildId, { name, permissions?, mentionable?, color? }); updateRole(guildId, roleId, patch); deleteRole(guildId, roleId)
 *   addMember(guildId, { username, permissions?, roles?, owner? }) → { id, username }
 *   setMemberRoles(guildId, userId, roleIds); setBotPermissions(guildId, bits); setBotChannelPermissions(channelId, { allow?, deny? })
 *   setCommandPermissions(guildId, commandName, [{ id, type: 'user'|'role', permission }]) (Integrations overrides,
 *     which replace default_member_permissions for the users they match)
 *   removeBotFromGuild(guildId); addBotToGuild(guildId)
 *   Gaining sight of a channel (overwrites, roles) sends THREAD_LIST_SYNC with its active threads.
 *
 * Threads, forum posts and webhooks (issue 14):
 *   addThread(parentId, { name, type?: 11|12, archived?, locked?, ownerId?, appliedTags?, content? }) → { id, guildId, parentId, name, type }
 *     (forum/media parents get a first message with the thread's id; announcement parents make type 10)
 *   archiveThread(threadId, { locked? }); unarchiveThread(threadId, { locked? }); deleteThread(threadId)
 *   addMessage(channelId, { authorId, content, embeds? }) → StoredMessage (a member posts; a thread is unarchived)
 *   addWebhook(channelId, { name, creatorId? }) → WebhookRecord (made by a member: no application, token included)
 *   deleteWebhook(id) (an admin deletes it: the bot then gets 10015)
 *   REST: POST /channels/{forum|media|text}/threads, POST /channels/{id}/messages/{id}/threads, PATCH /channels/{thread},
 *     GET /guilds/{id}/threads/active, GET /channels/{id}/threads/archived/public, POST …/messages/{id}/crosspost
 *     (10 an hour per channel on the server clock, then 429), POST/GET /channels/{id}/webhooks, GET /guilds/{id}/webhooks,
 *     GET/DELETE /webhooks/{id}[/{token}], POST /webhooks/{id}/{token} (wait, thread_id, thread_name, applied_tags,
 *     username, avatar_url), GET/PATCH/DELETE /webhooks/{id}/{token}/messages/{id} (thread_id).
 *
 * Users acting (refused with a thrown InvocationError when Discord's UI would not allow it):
 *   invokeCommand({ guildId, channelId, userId, command, group?, subcommand?, options?, locale? }) → InteractionResult
 *   pressButton({ guildId, channelId, userId, messageId, customId, values? }) → InteractionResult
 *   autocomplete({ guildId, channelId, userId, command, group?, subcommand?, options?, focused }) → choices
 *   InteractionResult: response({ timeoutMs }) / final({ quietMs, timeoutMs }) → { type, data, ephemeral,
 *     pending, edits, followups, message, choices }; snapshot(); payload; record
 *
 * Inspection: messages(channelId, { includeEphemeral? }) (each with revisions, allowedMentions,
 *   pinged and pingable; crossposted, threadId, webhookId, webhookName, webhookAvatarUrl); message(id);
 *   threads(channelId) (active and archived, each with `thread`: archived, locked, appliedTags, members,
 *   ownerId, totalMessageSent); thread(id); webhooks(channelId); webhook(id); commands(guildId?);
 *   requests; gatewayLog; state.
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
export type { Thread } from './thread-access.js';
export type { ForumTag, TagInput, ThreadMeta, WebhookRecord } from './thread-state.js';
export type { ChannelHandle, GuildHandle, MemberHandle, OverwriteInput, RoleHandle } from './world.js';
export type { AddThreadOptions, ThreadHandle } from './world-threads.js';
