// Managing channel webhooks: create and list (MANAGE_WEBHOOKS), fetch and delete by id (the bot's
// own application may fetch its webhooks without MANAGE_WEBHOOKS), and the token routes that need
// no bot token at all. Unknown or deleted webhooks answer 10015, a wrong token 50027.
import { errors, FormErrors } from './errors.js';
import { has, P } from './permissions.js';
import type { Router } from './router.js';
import type { FakeState } from './state.js';
import { botAccess, effectivePermissions } from './thread-access.js';
import { CT, type WebhookRecord } from './thread-state.js';
import type { Dispatch } from './threads.js';
import { isObj } from './validate-thread.js';
import { announceWebhooksUpdate, apiWebhook, checkWebhookName, liveWebhook, liveWebhooks, MAX_WEBHOOKS_PER_CHANNEL, newWebhook } from './webhooks.js';

const HOOKABLE: ReadonlySet<number> = new Set([CT.Text, CT.Voice, CT.Announcement, CT.Stage, CT.Forum, CT.Media]);

export interface WebhookRouteDeps {
  state: FakeState;
  snowflake: () => string;
  applicationId: string;
  dispatch: Dispatch;
}

export function registerWebhookRoutes(router: Router, deps: WebhookRouteDeps): void {
  const { state } = deps;
  const canManageIn = (channelId: string): boolean => {
    const channel = state.channel(channelId);
    return channel !== undefined && state.botInGuild(channel.guildId) && has(effectivePermissions(state, channel, state.botUserId), P.ManageWebhooks);
  };
  const byId = (id: string | undefined): WebhookRecord => {
    const hook = liveWebhook(state, id);
    if (!hook) throw errors.unknownWebhook();
    return hook;
  };
  const byToken = (id: string | undefined, token: string | undefined): WebhookRecord => {
    const hook = byId(id);
    if (hook.token !== token) throw errors.invalidWebhookToken();
    return hook;
  };
  const remove = (hook: WebhookRecord) => {
    hook.deleted = true;
    announceWebhooksUpdate(state, deps.dispatch, hook);
    return { status: 204 };
  };

  router.add('POST', '/channels/:channel/webhooks', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (!has(perms, P.ManageWebhooks)) throw errors.missingPermissions();
    if (!HOOKABLE.has(channel.type)) throw errors.wrongChannelType();
    const body = isObj(ctx.body) ? ctx.body : {};
    const fe = new FormErrors();
    const name = checkWebhookName(fe, 'name', body.name, true);
    fe.throwIfAny();
    if (liveWebhooks(state, (h) => h.channelId === channel.id).length >= MAX_WEBHOOKS_PER_CHANNEL) throw errors.maxWebhooks();
    const hook = newWebhook(state, deps.snowflake(), channel, { name: name ?? '', creatorId: state.botUserId, applicationId: deps.applicationId });
    announceWebhooksUpdate(state, deps.dispatch, hook);
    return { status: 200, body: apiWebhook(state, hook, true) };
  }, { major: ['channel'] });

  router.add('GET', '/channels/:channel/webhooks', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (!has(perms, P.ManageWebhooks)) throw errors.missingPermissions();
    return { status: 200, body: liveWebhooks(state, (h) => h.channelId === channel.id).map((h) => apiWebhook(state, h, true)) };
  }, { major: ['channel'] });

  router.add('GET', '/guilds/:guild/webhooks', (ctx) => {
    const guild = state.guild(ctx.params.guild ?? '');
    if (!guild) throw errors.unknownGuild();
    if (!state.botInGuild(guild.id)) throw errors.missingAccess();
    if (!has(state.guildPermissions(guild.id, state.botUserId), P.ManageWebhooks)) throw errors.missingPermissions();
    return { status: 200, body: liveWebhooks(state, (h) => h.guildId === guild.id).map((h) => apiWebhook(state, h, true)) };
  }, { major: ['guild'] });

  router.add('GET', '/webhooks/:webhook', (ctx) => {
    const hook = byId(ctx.params.webhook);
    if (hook.applicationId !== deps.applicationId && !canManageIn(hook.channelId)) throw errors.missingPermissions();
    return { status: 200, body: apiWebhook(state, hook, true) };
  }, { major: ['webhook'] });

  router.add('DELETE', '/webhooks/:webhook', (ctx) => {
    const hook = byId(ctx.params.webhook);
    if (!canManageIn(hook.channelId)) throw errors.missingPermissions();
    return remove(hook);
  }, { major: ['webhook'] });

  const tokenRoute = { auth: false, major: ['webhook', 'token'] };
  router.add('GET', '/webhooks/:webhook/:token', (ctx) => ({ status: 200, body: apiWebhook(state, byToken(ctx.params.webhook, ctx.params.token), false) }), tokenRoute);
  router.add('DELETE', '/webhooks/:webhook/:token', (ctx) => remove(byToken(ctx.params.webhook, ctx.params.token)), tokenRoute);
}
