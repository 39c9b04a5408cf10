// The TargetPoster over Discord's REST API: plain messages (with a nonce) into channels and threads,
// forum posts, webhook posts (into channels, threads and forums), discussion threads on posts, and
// finding what an interrupted run may have posted. Discord's refusals become SendFailures here.
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { MessagePayload } from '../core/payload.js';
import { classifySendError } from './classify-failure.js';
import { DiscordCodes } from './codes.js';
import { findForumPost } from './forum-lookup.js';
import { targetNeeds } from './permissions.js';
import { createRestPoster, findInHistory, type ListedMessage, type PosterContext, toMessageBody } from './poster.js';
import { SendFailure } from './send-failure.js';
import { type Target, webhookChannelOf } from './target.js';
import type { Posted, PostRequest, TargetPoster } from './targets.js';
import { type ChannelWebhook, goneCode, scrubbed, WebhookGone, type WebhookKeeper } from './webhooks.js';

/** The HAS_THREAD message flag: a thread was started on this message. */
const HAS_THREAD = 1 << 5;

type Body = Record<string, unknown>;

export function createTargetPoster(rest: REST, context: PosterContext, webhooks: WebhookKeeper): TargetPoster {
  const fail = (error: unknown, target: Target): SendFailure => classifySendError(error, target.channelId, targetNeeds(target));
  const threadOfMessage = (message: ListedMessage): string | null => message.thread?.id ?? ((message.flags ?? 0) & HAS_THREAD ? message.id : null);

  /**
   * Posting into an archived thread reopens it when the bot may. A locked thread takes posts from
   * moderators only: without Manage Threads the schedule pauses with the reason, before Discord has
   * to refuse anything. Should Discord still answer "archived", the bot reopens it once and retries.
   */
  async function intoThread<T>(target: Target, send: () => Promise<T>): Promise<T> {
    if (target.kind !== 'thread') return send();
    const thread = (await rest.get(Routes.channel(target.channelId))) as { thread_metadata?: { archived?: boolean; locked?: boolean } };
    const { archived = false, locked = false } = thread.thread_metadata ?? {};
    if (locked && !context.canManageThreads?.(target.parentId ?? target.channelId)) {
      const state = archived ? 'archived and locked: only members with Manage Threads can reopen it' : 'locked: only members with Manage Threads can post in it';
      throw new SendFailure('channel', `The thread <#${target.channelId}> is ${state}. Unlock it, or give the bot Manage Threads`, archived ? DiscordCodes.ThreadArchived : DiscordCodes.ThreadLocked);
    }
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === DiscordCodes.ThreadArchived)) throw error;
    }
    await rest.patch(Routes.channel(target.channelId), { body: { archived: false } });
    return send();
  }

  async function message(target: Target, body: Body, request: PostRequest): Promise<Posted> {
    const withNonce = { ...body, nonce: request.nonce, enforce_nonce: true };
    const sent = await intoThread(target, () => rest.post(Routes.channelMessages(target.channelId), { body: withNonce }) as Promise<ListedMessage>);
    return { messageId: sent.id, threadId: null };
  }

  async function forumPost(target: Target, body: Body, request: PostRequest): Promise<Posted> {
    const thread = (await rest.post(Routes.threads(target.channelId), {
      body: { name: request.threadName, applied_tags: target.tagIds, message: body },
    })) as { id: string; message?: { id: string } };
    return { messageId: thread.message?.id ?? thread.id, threadId: thread.id };
  }

  /** Executes the channel's webhook, making it again once when an admin deleted it. */
  async function viaWebhook(target: Target, body: Body, request: PostRequest): Promise<Posted> {
    const identity = { ...(request.identity.name ? { username: request.identity.name } : {}), ...(request.identity.avatarUrl ? { avatar_url: request.identity.avatarUrl } : {}) };
    const forum = target.kind === 'forum' ? { thread_name: request.threadName, applied_tags: target.tagIds } : {};
    const query = new URLSearchParams({ wait: 'true', ...(target.kind === 'thread' ? { thread_id: target.channelId } : {}) });
    const execute = async (hook: ChannelWebhook): Promise<ListedMessage & { channel_id: string }> => {
      try {
        return (await rest.post(Routes.webhook(hook.webhookId, hook.token), { auth: false, query, body: { ...body, ...identity, ...forum } })) as ListedMessage & { channel_id: string };
      } catch (error) {
        const code = goneCode(error);
        if (code !== undefined) throw new WebhookGone(code);
        // Discord's errors carry the URL, and with it the token: only the classified reason goes on.
        throw error instanceof DiscordAPIError && error.code === DiscordCodes.ThreadArchived ? error : scrubbed(error, target.channelId, targetNeeds(target));
      }
    };
    let hook = await webhooks.ensure(target.guildId, webhookChannelOf(target));
    let sent;
    try {
      sent = await intoThread(target, () => execute(hook));
    } catch (error) {
      if (!(error instanceof WebhookGone)) throw error;
      hook = await webhooks.replaceGone(hook);
      try {
        sent = await intoThread(target, () => execute(hook));
      } catch (again) {
        if (again instanceof WebhookGone) hook = await webhooks.replaceGone(hook);
        throw again;
      }
    }
    return { messageId: sent.id, threadId: target.kind === 'forum' ? sent.channel_id : null };
  }

  return {
    ...createRestPoster(rest, context),
    async post(target, payload: MessagePayload, request) {
      const body = toMessageBody(payload);
      try {
        if (target.asWebhook) return await viaWebhook(target, body, request);
        if (target.kind === 'forum') return await forumPost(target, body, request);
        return await message(target, body, request);
      } catch (error) {
        if (error instanceof WebhookGone) throw new SendFailure('channel', `The webhook in <#${webhookChannelOf(target)}> is gone`, error.code);
        const failure = fail(error, target);
        // A webhook's errors hold its token in their URL: only the reason and code go on.
        throw target.asWebhook ? new SendFailure(failure.scope, failure.reason, failure.code) : failure;
      }
    },
    async find(target, articleId, threadName, since) {
      if (target.kind === 'forum') return findForumPost(rest, context, target, articleId, threadName, since);
      // A thread's permissions are its channel's.
      const found = await findInHistory(rest, context, target.channelId, articleId, since, target.parentId ?? target.channelId);
      return found ? { messageId: found.id, threadId: threadOfMessage(found) } : undefined;
    },
    async threadOf(target, messageId) {
      try {
        return threadOfMessage((await rest.get(Routes.channelMessage(target.channelId, messageId))) as ListedMessage) ?? undefined;
      } catch (error) {
        throw fail(error, target);
      }
    },
    async openThread(target, messageId, name) {
      try {
        const thread = (await rest.post(Routes.threads(target.channelId, messageId), { body: { name } })) as { id: string };
        return thread.id;
      } catch (error) {
        // A thread started on a message takes the message's id, and there is only ever one.
        if (error instanceof DiscordAPIError && error.code === DiscordCodes.ThreadAlreadyCreated) return messageId;
        throw fail(error, target);
      }
    },
  };
}
