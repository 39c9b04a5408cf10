// Starting threads: a forum or media post (thread + first message sharing one id, tags checked),
// a thread without a message in a text or announcement channel, and a thread from a message.
// Each answers 201 with the thread and fires THREAD_CREATE (and MESSAGE_CREATE / MESSAGE_UPDATE).
import { errors, FormErrors } from './errors.js';
import { createMessage, type MessageDeps } from './messages.js';
import { has, P } from './permissions.js';
import type { RequestContext, Router } from './router.js';
import { apiMessage } from './serialize.js';
import { apiThread } from './serialize-threads.js';
import type { Channel, StoredMessage } from './state.js';
import { botAccess, type Thread } from './thread-access.js';
import { CT, MESSAGE_FLAG, THREAD_ONLY_TYPES } from './thread-state.js';
import type { ThreadService } from './threads.js';
import { validateMessage } from './validate-message.js';
import { checkAppliedTags, checkAutoArchive, checkName, checkRateLimitPerUser, isObj, resolvePostTags, validateTogether } from './validate-thread.js';

export interface ThreadRouteDeps extends MessageDeps {
  threads: ThreadService;
  onMessage: (m: StoredMessage, kind: 'create' | 'update' | 'delete') => void;
}

export function registerThreadRoutes(router: Router, deps: ThreadRouteDeps): void {
  const { state, threads } = deps;
  const major = { major: ['channel'] };
  const created = (t: Thread, extra: Record<string, unknown> = {}) => ({ status: 201, body: { ...apiThread(state, t, state.botUserId), ...extra } });

  /** POST /channels/{forum}/threads: the post's thread and its first message, with the forum's tag rules. */
  const forumPost = (ctx: RequestContext, forum: Channel, perms: bigint) => {
    // Discord: SEND_MESSAGES is what counts here; CREATE_PUBLIC_THREADS is ignored.
    if (!has(perms, P.SendMessages)) throw errors.missingPermissions();
    const body = isObj(ctx.body) ? ctx.body : {};
    const fe = new FormErrors();
    const name = checkName(fe, body, 'name', { required: true });
    const autoArchive = checkAutoArchive(fe, body);
    checkRateLimitPerUser(fe, body);
    const tags = checkAppliedTags(fe, body) ?? [];
    if (body.message === undefined || body.message === null) fe.add(['message'], 'BASE_TYPE_REQUIRED', 'This field is required');
    const fields = validateTogether(fe, () => validateMessage(body.message ?? {}, { path: ['message'], mode: 'create', context: 'channel', files: ctx.files }));
    if ((fields.embeds?.length ?? 0) > 0 && !has(perms, P.EmbedLinks)) throw errors.missingPermissions();
    if (ctx.files.length > 0 && !has(perms, P.AttachFiles)) throw errors.missingPermissions();
    const appliedTags = resolvePostTags(forum, tags, perms);
    // Forum posts have no nonce deduplication on Discord: the nonce is not part of this body.
    const { nonce: _n, enforce_nonce: _e, ...messageFields } = fields;
    const thread = threads.build({ id: deps.snowflake(), parent: forum, name: name ?? '', type: CT.PublicThread, ownerId: state.botUserId, autoArchiveDuration: autoArchive, appliedTags });
    const first = createMessage(deps, {
      id: thread.id, channelId: thread.id, guildId: forum.guildId, authorId: state.botUserId, fields: messageFields, files: ctx.files,
      type: 0, ephemeral: false, webhookId: null, interaction: null, mentionPerms: perms,
    });
    thread.lastMessageId = first.id;
    threads.add(thread);
    threads.announceCreate(thread);
    deps.onMessage(first, 'create');
    return created(thread, { message: apiMessage(state, first) });
  };

  /** POST /channels/{text or announcement}/threads: a thread with no starting message. */
  const threadWithoutMessage = (ctx: RequestContext, parent: Channel, perms: bigint) => {
    const body = isObj(ctx.body) ? ctx.body : {};
    const fe = new FormErrors();
    const name = checkName(fe, body, 'name', { required: true });
    const autoArchive = checkAutoArchive(fe, body);
    checkRateLimitPerUser(fe, body);
    // Discord still defaults `type` to a private thread, as when threads were first documented.
    const type = body.type ?? CT.PrivateThread;
    if (type !== CT.AnnouncementThread && type !== CT.PublicThread && type !== CT.PrivateThread) {
      fe.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {10, 11, 12}.');
    }
    fe.throwIfAny();
    const allowed = parent.type === CT.Announcement ? type === CT.AnnouncementThread : type !== CT.AnnouncementThread;
    if (!allowed) throw errors.wrongChannelType();
    if (!has(perms, type === CT.PrivateThread ? P.CreatePrivateThreads : P.CreatePublicThreads)) throw errors.missingPermissions();
    const thread = threads.build({
      id: deps.snowflake(), parent, name: name ?? '', type: type as number, ownerId: state.botUserId, autoArchiveDuration: autoArchive,
      invitable: body.invitable !== false,
    });
    threads.add(thread);
    threads.announceCreate(thread);
    return created(thread);
  };

  router.add('POST', '/channels/:channel/threads', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (THREAD_ONLY_TYPES.has(channel.type)) return forumPost(ctx, channel, perms);
    if (channel.type === CT.Text || channel.type === CT.Announcement) return threadWithoutMessage(ctx, channel, perms);
    throw errors.wrongChannelType();
  }, major);

  router.add('POST', '/channels/:channel/messages/:message/threads', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (channel.type !== CT.Text && channel.type !== CT.Announcement) throw errors.wrongChannelType();
    const m = state.messages.get(ctx.params.message ?? '');
    if (!m || m.deleted || m.ephemeral || m.channelId !== channel.id) throw errors.unknownMessage();
    if (!has(perms, P.CreatePublicThreads)) throw errors.missingPermissions();
    if (m.threadId) throw errors.threadAlreadyCreated();
    const body = isObj(ctx.body) ? ctx.body : {};
    const fe = new FormErrors();
    const name = checkName(fe, body, 'name', { required: true });
    const autoArchive = checkAutoArchive(fe, body);
    checkRateLimitPerUser(fe, body);
    fe.throwIfAny();
    // The thread takes the message's id, which is why a message can start only one thread.
    const type = channel.type === CT.Announcement ? CT.AnnouncementThread : CT.PublicThread;
    const thread = threads.build({ id: m.id, parent: channel, name: name ?? '', type, ownerId: state.botUserId, autoArchiveDuration: autoArchive });
    threads.add(thread);
    m.threadId = thread.id;
    m.flags |= MESSAGE_FLAG.HasThread;
    threads.announceCreate(thread);
    deps.onMessage(m, 'update');
    return created(thread);
  }, major);
}
