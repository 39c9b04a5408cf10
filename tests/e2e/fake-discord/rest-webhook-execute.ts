// Executing a channel webhook and reading, editing or deleting what it sent. Needs only the
// webhook's token (no bot permissions); messages carry webhook_id and the webhook as author under
// any `username` override, and are validated and mention-checked like any other message (webhooks
// may ping everyone, so allowed_mentions is all that stops untrusted text). In forums a webhook
// must name an existing thread (`thread_id`) or start one (`thread_name`, with `applied_tags`).
//
// These paths have the same shape as interaction webhooks; the routes claim only ids of channel
// webhooks (see Router's `when`), leaving application ids to rest-interactions.
import { errors, FormErrors } from './errors.js';
import { createMessage, editMessage, type MessageDeps } from './messages.js';
import { ALL_PERMISSIONS } from './permissions.js';
import type { RequestContext, Router } from './router.js';
import { apiMessage } from './serialize.js';
import type { StoredMessage } from './state.js';
import { assertCanEditIn, isThread, type Thread } from './thread-access.js';
import { CT, MESSAGE_FLAG, THREAD_ONLY_TYPES, type WebhookRecord } from './thread-state.js';
import type { ThreadService } from './threads.js';
import { validateMessage } from './validate-message.js';
import { checkAppliedTags, checkName, isObj, resolvePostTags, validateTogether } from './validate-thread.js';
import { checkWebhookName, liveWebhook } from './webhooks.js';

export interface WebhookExecuteDeps extends MessageDeps {
  threads: ThreadService;
  onMessage: (m: StoredMessage, kind: 'create' | 'update' | 'delete') => void;
}

function checkAvatarUrl(fe: FormErrors, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && v.length <= 2048 && URL.canParse(v)) return v;
  fe.add(['avatar_url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  return undefined;
}

export function registerWebhookExecuteRoutes(router: Router, deps: WebhookExecuteDeps): void {
  const { state, threads } = deps;
  const opts = { auth: false, major: ['webhook', 'token'], when: (p: Record<string, string>) => state.webhooks.has(p.webhook ?? '') };

  const hookFor = (ctx: RequestContext): WebhookRecord => {
    const hook = liveWebhook(state, ctx.params.webhook);
    if (!hook) throw errors.unknownWebhook();
    if (hook.token !== ctx.params.token) throw errors.invalidWebhookToken();
    return hook;
  };
  /** A thread of the webhook's channel named by `thread_id` (10003 for any other). */
  const threadOf = (hook: WebhookRecord, id: string): Thread => {
    const t = state.channel(id);
    if (!t || !isThread(t) || t.parentId !== hook.channelId) throw errors.unknownChannel();
    return t;
  };

  router.add('POST', '/webhooks/:webhook/:token', (ctx) => {
    const hook = hookFor(ctx);
    const channel = state.channel(hook.channelId);
    if (!channel) throw errors.unknownWebhook();
    const body = isObj(ctx.body) ? ctx.body : {};
    const fe = new FormErrors();
    const username = checkWebhookName(fe, 'username', body.username, false);
    const avatarUrl = checkAvatarUrl(fe, body.avatar_url);
    const threadName = checkName(fe, body, 'thread_name', { required: false, min: 0 }) || undefined;
    const tags = checkAppliedTags(fe, body) ?? [];
    if (typeof body.flags === 'number' && (body.flags & MESSAGE_FLAG.Ephemeral) !== 0) {
      fe.add(['flags'], 'MESSAGE_FLAGS_INVALID', `Invalid flags for this message: ${body.flags}`);
    }
    const fields = validateTogether(fe, () => validateMessage(body, { mode: 'create', context: 'webhook', files: ctx.files }));
    const threadId = ctx.query.get('thread_id') ?? undefined;
    const forum = THREAD_ONLY_TYPES.has(channel.type);
    if (forum && !threadId && !threadName) throw errors.forumWebhookNeedsThread();
    if (forum && threadId && threadName) throw errors.forumWebhookBothThread();
    if (!forum && threadName) throw errors.webhookThreadOutsideForum();
    const existing = threadId ? threadOf(hook, threadId) : undefined;
    // Posting unarchives a thread, but a webhook is no moderator: locked threads refuse it.
    if (existing?.thread.locked) throw existing.thread.archived ? errors.threadArchived() : errors.threadLocked();
    const created = threadName
      ? threads.build({ id: deps.snowflake(), parent: channel, name: threadName, type: CT.PublicThread, ownerId: hook.id, appliedTags: resolvePostTags(channel, tags, 0n) })
      : undefined;
    const { enforce_nonce: _e, ...messageFields } = fields;
    const m = createMessage(deps, {
      id: created?.id, channelId: (existing ?? created ?? channel).id, guildId: hook.guildId, authorId: hook.id, fields: messageFields,
      files: ctx.files, type: 0, ephemeral: false, webhookId: hook.id, interaction: null, mentionPerms: ALL_PERMISSIONS,
    });
    m.webhookName = username ?? hook.name;
    m.webhookAvatarUrl = avatarUrl ?? null;
    m.applicationId = hook.applicationId;
    if (created) {
      created.lastMessageId = m.id;
      threads.add(created);
      threads.announceCreate(created);
    }
    if (existing) threads.afterPost(existing, hook.id);
    deps.onMessage(m, 'create');
    return ctx.query.get('wait') === 'true' ? { status: 200, body: apiMessage(state, m) } : { status: 204 };
  }, opts);

  /** A message this webhook sent, in its channel or in the thread named by `thread_id`. */
  const sent = (ctx: RequestContext): { hook: WebhookRecord; m: StoredMessage } => {
    const hook = hookFor(ctx);
    const threadId = ctx.query.get('thread_id');
    const where = threadId ? threadOf(hook, threadId).id : hook.channelId;
    const m = state.messages.get(ctx.params.message ?? '');
    if (!m || m.deleted || m.webhookId !== hook.id || m.channelId !== where) throw errors.unknownMessage();
    return { hook, m };
  };
  const path = '/webhooks/:webhook/:token/messages/:message';
  router.add('GET', path, (ctx) => ({ status: 200, body: apiMessage(state, sent(ctx).m) }), opts);
  router.add('PATCH', path, (ctx) => {
    const { m } = sent(ctx);
    const where = state.channel(m.channelId);
    // A webhook holds no permissions of its own: it edits only in active, unlocked threads.
    if (where) assertCanEditIn(where, 0n);
    const fields = validateMessage(ctx.body ?? {}, { mode: 'edit', context: 'webhook', files: ctx.files });
    editMessage(deps, m, fields, ctx.files, ALL_PERMISSIONS);
    deps.onMessage(m, 'update');
    return { status: 200, body: apiMessage(state, m) };
  }, opts);
  router.add('DELETE', path, (ctx) => {
    const { m } = sent(ctx);
    m.deleted = true;
    deps.onMessage(m, 'delete');
    return { status: 204 };
  }, opts);
}
