// Channel messages: create (permission checks, nonce + enforce_nonce dedupe), edit, fetch,
// list and delete, enforcing the bot's computed channel permissions like Discord.
import { errors, FormErrors } from './errors.js';
import { createMessage, editMessage, type MessageDeps } from './messages.js';
import { has, P } from './permissions.js';
import type { RequestContext, Router } from './router.js';
import { apiMessage } from './serialize.js';
import type { Channel, StoredMessage } from './state.js';
import { assertCanEditIn, assertCanPost, effectivePermissions, isThread } from './thread-access.js';
import type { ThreadService } from './threads.js';
import { validateMessage } from './validate-message.js';

/** Discord: "checked for uniqueness in the past few minutes". */
const NONCE_WINDOW_MS = 5 * 60_000;

export interface MessageRouteDeps extends MessageDeps {
  onMessage: (m: StoredMessage, kind: 'create' | 'update' | 'delete') => void;
  /** Posting into a thread unarchives it and makes the bot a member (see threads.ts). */
  threads?: ThreadService;
}

export function registerMessageRoutes(router: Router, deps: MessageRouteDeps): void {
  const { state } = deps;
  const major = { major: ['channel'] };

  /** The channel and the bot's enforceable permissions in it; 404/403 like Discord. */
  const access = (ctx: RequestContext): { channel: Channel; perms: bigint } => {
    const channel = state.channel(ctx.params.channel ?? '');
    if (!channel) throw errors.unknownChannel();
    if (!state.botInGuild(channel.guildId)) throw errors.missingAccess();
    const perms = effectivePermissions(state, channel, state.botUserId);
    if (!has(perms, P.ViewChannel)) throw errors.missingAccess();
    return { channel, perms };
  };
  const visible = (channel: Channel, id: string | undefined): StoredMessage => {
    const m = state.messages.get(id ?? '');
    if (!m || m.deleted || m.ephemeral || m.channelId !== channel.id) throw errors.unknownMessage();
    return m;
  };
  const json = (m: StoredMessage) => ({ status: 200, body: apiMessage(state, m) });

  router.add('POST', '/channels/:channel/messages', (ctx) => {
    const { channel, perms } = access(ctx);
    assertCanPost(channel, perms);
    const fields = validateMessage(ctx.body ?? {}, { mode: 'create', context: 'channel', files: ctx.files });
    if ((fields.embeds?.length ?? 0) > 0 && !has(perms, P.EmbedLinks)) throw errors.missingPermissions();
    if (ctx.files.length > 0 && !has(perms, P.AttachFiles)) throw errors.missingPermissions();
    if (fields.tts && !has(perms, P.SendTTSMessages)) fields.tts = false;
    if (fields.enforce_nonce && fields.nonce !== undefined) {
      const now = state.clock();
      const previous = state
        .channelHistory(channel.id)
        .find((m) => m.authorId === state.botUserId && m.nonce === fields.nonce && now - m.createdAt <= NONCE_WINDOW_MS);
      if (previous) return json(previous);
    }
    const m = createMessage(deps, {
      channelId: channel.id, guildId: channel.guildId, authorId: state.botUserId, fields, files: ctx.files,
      type: 0, ephemeral: false, webhookId: null, interaction: null, mentionPerms: perms,
    });
    if (isThread(channel)) deps.threads?.afterPost(channel, state.botUserId);
    deps.onMessage(m, 'create');
    return json(m);
  }, major);

  router.add('PATCH', '/channels/:channel/messages/:message', (ctx) => {
    const { channel, perms } = access(ctx);
    const m = visible(channel, ctx.params.message);
    if (m.authorId !== state.botUserId) throw errors.cannotEditOthers();
    assertCanEditIn(channel, perms);
    const fields = validateMessage(ctx.body ?? {}, { mode: 'edit', context: 'channel', files: ctx.files });
    if ((fields.embeds?.length ?? 0) > 0 && !has(perms, P.EmbedLinks)) throw errors.missingPermissions();
    editMessage(deps, m, fields, ctx.files, perms);
    deps.onMessage(m, 'update');
    return json(m);
  }, major);

  router.add('GET', '/channels/:channel/messages/:message', (ctx) => {
    const { channel, perms } = access(ctx);
    if (!has(perms, P.ReadMessageHistory)) throw errors.missingAccess();
    return json(visible(channel, ctx.params.message));
  }, major);

  router.add('DELETE', '/channels/:channel/messages/:message', (ctx) => {
    const { channel, perms } = access(ctx);
    const m = visible(channel, ctx.params.message);
    if (m.authorId !== state.botUserId && !has(perms, P.ManageMessages)) throw errors.missingPermissions();
    m.deleted = true;
    deps.onMessage(m, 'delete');
    return { status: 204 };
  }, major);

  router.add('GET', '/channels/:channel/messages', (ctx) => {
    const { channel, perms } = access(ctx);
    const limit = Number(ctx.query.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      const fe = new FormErrors();
      fe.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
      fe.throwIfAny();
    }
    // Without Read Message History Discord answers with an empty list, not an error.
    if (!has(perms, P.ReadMessageHistory)) return { status: 200, body: [] };
    const all = state.channelHistory(channel.id).reverse(); // newest first
    const before = ctx.query.get('before');
    const after = ctx.query.get('after');
    const around = ctx.query.get('around');
    let picked: StoredMessage[];
    if (before) picked = all.filter((m) => BigInt(m.id) < BigInt(before)).slice(0, limit);
    else if (after) picked = all.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
    else if (around) {
      const idx = Math.max(0, all.findIndex((m) => BigInt(m.id) <= BigInt(around)));
      const start = Math.max(0, idx - Math.floor(limit / 2));
      picked = all.slice(start, start + limit);
    } else picked = all.slice(0, limit);
    return { status: 200, body: picked.map((m) => apiMessage(state, m)) };
  }, major);
}
