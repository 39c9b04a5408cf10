// POST /interactions/{id}/{token}/callback and the interaction webhook (follow-ups, @original):
// the 3-second and 15-minute windows on the server clock, one initial response, callback types
// valid per interaction type, and every message payload validated.
import { ApiError, errors, FormErrors } from './errors.js';
import { createMessage, editMessage, type MessageDeps } from './messages.js';
import type { Router } from './router.js';
import { apiMessage } from './serialize.js';
import type { InteractionRecord, StoredMessage } from './state.js';
import { checkChoiceValue } from './validate-command.js';
import { validateMessage } from './validate-message.js';

type Obj = Record<string, unknown>;

export interface InteractionRouteDeps extends MessageDeps {
  applicationId: string;
  /** Hook for the driver to dispatch MESSAGE_* events. */
  onMessage: (m: StoredMessage, kind: 'create' | 'update' | 'delete') => void;
}

const RESPONSE_WINDOW_MS = 3_000;
const TOKEN_LIFETIME_MS = 15 * 60_000;
const VALID_CALLBACKS: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8] };
const EPHEMERAL = 1 << 6;

export function registerInteractionRoutes(router: Router, deps: InteractionRouteDeps): void {
  const { state } = deps;
  const botPerms = (rec: InteractionRecord): bigint => state.permissionsIn(rec.channelId, state.botUserId);
  const json = (m: StoredMessage) => ({ status: 200, body: apiMessage(state, m) });
  const metadata = (rec: InteractionRecord) => ({ id: rec.id, type: rec.type, name: rec.type === 2 ? ((rec.payload.data as Obj).name as string) : null, userId: rec.userId });

  const newMessage = (rec: InteractionRecord, fields: Parameters<typeof createMessage>[1]['fields'], files: Parameters<typeof createMessage>[1]['files'], ephemeral: boolean, loading = false): StoredMessage => {
    const m = createMessage(deps, {
      channelId: rec.channelId, guildId: rec.guildId, authorId: state.botUserId, fields, files,
      type: rec.type === 2 ? 20 : 0, ephemeral, webhookId: deps.applicationId, interaction: metadata(rec),
      mentionPerms: botPerms(rec), loading,
    });
    if (!ephemeral) deps.onMessage(m, 'create');
    return m;
  };

  router.add('POST', '/interactions/:id/:token/callback', (ctx) => {
    const rec = state.interactions.get(ctx.params.id ?? '');
    if (!rec || rec.token !== ctx.params.token) throw errors.unknownInteraction();
    if (rec.response) throw errors.alreadyAcknowledged();
    if (state.clock() - rec.createdAt > RESPONSE_WINDOW_MS) throw errors.unknownInteraction();
    const body = (ctx.body ?? {}) as Obj;
    const type = body.type as number;
    if (!VALID_CALLBACKS[rec.type]?.includes(type)) {
      const fe = new FormErrors();
      fe.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Callback type ${String(type)} is not valid for interaction type ${rec.type}`);
      fe.throwIfAny();
    }
    if (type === 9) throw new ApiError(400, 0, 'fake-discord does not model modals (callback type 9)');
    const data = (body.data ?? null) as Obj | null;
    let message: StoredMessage | null = null;
    if (type === 4 || type === 5) {
      const fields = validateMessage(data ?? {}, { path: ['data'], mode: 'create', context: 'interaction', files: ctx.files });
      const ephemeral = ((fields.flags ?? 0) & EPHEMERAL) !== 0;
      message = type === 4 ? newMessage(rec, fields, ctx.files, ephemeral) : newMessage(rec, { flags: fields.flags ?? 0 }, [], ephemeral, true);
      rec.originalMessageId = message.id;
      rec.loading = type === 5;
    } else if (type === 6 || type === 7) {
      const source = rec.sourceMessageId ? state.messages.get(rec.sourceMessageId) : undefined;
      if (!source || source.deleted) throw errors.unknownMessage();
      if (type === 7) {
        const fields = validateMessage(data ?? {}, { path: ['data'], mode: 'edit', context: 'interaction', files: ctx.files });
        editMessage(deps, source, fields, ctx.files, botPerms(rec));
        rec.edits.push({ messageId: source.id, at: state.clock(), body: { ...fields } });
        if (!source.ephemeral) deps.onMessage(source, 'update');
        message = source;
      }
      rec.originalMessageId = source.id;
      rec.loading = type === 6;
    } else if (type === 8) {
      rec.choices = validateChoices(data, rec.focusedType ?? 3);
    }
    rec.response = { type, at: state.clock(), data };
    state.touchInteraction(rec.id);
    if (ctx.query.get('with_response') !== 'true') return { status: 204 };
    const interaction: Obj = { id: rec.id, type: rec.type, activity_instance_id: null };
    if (message) {
      Object.assign(interaction, { response_message_id: message.id, response_message_loading: rec.loading && type === 5, response_message_ephemeral: message.ephemeral });
    }
    return { status: 200, body: { interaction, ...(message ? { resource: { type, message: apiMessage(state, message) } } : {}) } };
  }, { auth: false, major: ['id'] });

  /** Resolves the interaction behind a webhook URL, enforcing the token's 15-minute life. */
  const resolve = (app: string | undefined, token: string | undefined): InteractionRecord => {
    const rec = [...state.interactions.values()].find((r) => r.token === token);
    if (!rec || rec.type === 4) throw errors.invalidWebhookToken();
    if (app !== deps.applicationId) throw errors.unknownWebhook();
    if (state.clock() - rec.createdAt > TOKEN_LIFETIME_MS) throw errors.invalidWebhookToken();
    return rec;
  };
  const target = (rec: InteractionRecord, id: string | undefined): StoredMessage => {
    const messageId = id === '@original' ? rec.originalMessageId : id;
    const owned = messageId !== null && messageId !== undefined && (messageId === rec.originalMessageId || rec.followupIds.includes(messageId));
    const m = owned ? state.messages.get(messageId) : undefined;
    if (!m || m.deleted) throw errors.unknownMessage();
    return m;
  };

  router.add('POST', '/webhooks/:app/:token', (ctx) => {
    const rec = resolve(ctx.params.app, ctx.params.token);
    if (!rec.response) throw errors.unknownWebhook();
    const fields = validateMessage(ctx.body ?? {}, { mode: 'create', context: 'webhook', files: ctx.files });
    let message: StoredMessage;
    const original = rec.originalMessageId ? state.messages.get(rec.originalMessageId) : undefined;
    if (rec.loading && rec.response.type === 5 && original) {
      // Documented compatibility rule: the first follow-up after a deferral edits the loading message.
      const { flags: _ignored, ...rest } = fields;
      editMessage(deps, original, rest, ctx.files, botPerms(rec));
      rec.edits.push({ messageId: original.id, at: state.clock(), body: { ...rest } });
      rec.loading = false;
      message = original;
    } else {
      message = newMessage(rec, fields, ctx.files, ((fields.flags ?? 0) & EPHEMERAL) !== 0);
      rec.followupIds.push(message.id);
      rec.loading = false;
    }
    state.touchInteraction(rec.id);
    return ctx.query.get('wait') === 'true' ? json(message) : { status: 204 };
  }, { auth: false, major: ['app', 'token'] });

  for (const path of ['/webhooks/:app/:token/messages/@original', '/webhooks/:app/:token/messages/:message_id']) {
    const idOf = (params: Record<string, string>): string | undefined => (path.endsWith('@original') ? '@original' : params.message_id);
    router.add('GET', path, (ctx) => json(target(resolve(ctx.params.app, ctx.params.token), idOf(ctx.params))), { auth: false, major: ['app', 'token'] });
    router.add('PATCH', path, (ctx) => {
      const rec = resolve(ctx.params.app, ctx.params.token);
      const m = target(rec, idOf(ctx.params));
      const fields = validateMessage(ctx.body ?? {}, { mode: 'edit', context: 'webhook', files: ctx.files });
      editMessage(deps, m, fields, ctx.files, botPerms(rec));
      rec.edits.push({ messageId: m.id, at: state.clock(), body: { ...fields } });
      if (m.id === rec.originalMessageId) rec.loading = false;
      if (!m.ephemeral) deps.onMessage(m, 'update');
      state.touchInteraction(rec.id);
      return json(m);
    }, { auth: false, major: ['app', 'token'] });
    router.add('DELETE', path, (ctx) => {
      const rec = resolve(ctx.params.app, ctx.params.token);
      const m = target(rec, idOf(ctx.params));
      m.deleted = true;
      if (!m.ephemeral) deps.onMessage(m, 'delete');
      state.touchInteraction(rec.id);
      return { status: 204 };
    }, { auth: false, major: ['app', 'token'] });
  }
}

function validateChoices(data: Obj | null, focusedType: number): Array<{ name: string; value: string | number }> {
  const fe = new FormErrors();
  const choices = data?.choices;
  if (!Array.isArray(choices)) {
    fe.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    fe.throwIfAny();
    return [];
  }
  if (choices.length > 25) fe.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((c: unknown, i) => {
    const p = ['data', 'choices', i];
    const choice = (c ?? {}) as Obj;
    const name = choice.name;
    if (typeof name !== 'string' || [...name].length < 1 || [...name].length > 100) fe.add([...p, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    checkChoiceValue(fe, [...p, 'value'], focusedType, choice.value);
  });
  fe.throwIfAny();
  return choices as Array<{ name: string; value: string | number }>;
}
