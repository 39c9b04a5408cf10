// The one webhook per channel the bot posts through when a schedule asks for it: made by the bot,
// reused for every post, and made again once when an admin deletes it (a second deletion pauses the
// schedule, since someone clearly does not want it). Its token is a secret: it is kept in the database
// only, and errors that could carry it (Discord's errors hold the request URL) never leave this file.
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import { classifySendError } from './classify-failure.js';
import { DiscordCodes } from './codes.js';
import { SendFailure } from './send-failure.js';

export interface ChannelWebhook {
  channelId: string;
  guildId: string;
  webhookId: string;
  token: string;
  /** Made again after the first one was deleted. */
  recreated: boolean;
}

/** Where webhook tokens live: the database, and nowhere else. */
export interface WebhookStore {
  get(channelId: string): Promise<ChannelWebhook | undefined>;
  /** Stores the webhook unless the channel has one already (another process won); returns the one kept. */
  add(hook: ChannelWebhook, at: Date): Promise<ChannelWebhook>;
  /** Puts `hook` in place of `staleId` unless another process replaced it first; returns the one kept. */
  replace(staleId: string, hook: ChannelWebhook, at: Date): Promise<ChannelWebhook>;
  /** Forgets the channel's webhook if it is still `webhookId`. */
  forget(channelId: string, webhookId: string): Promise<void>;
}

/** The webhook is gone (10015) or its token no longer works (50027): make it again, or give up. */
export class WebhookGone extends Error {
  constructor(readonly code: number) {
    super('the webhook is gone');
    this.name = 'WebhookGone';
  }
}

export interface WebhookContext {
  botUserId: () => string | undefined;
  /** The name a new webhook gets; each post may show the server's identity instead. */
  webhookName: () => string;
  now: () => Date;
}

interface ApiWebhook {
  id: string;
  token?: string;
  application_id?: string | null;
}

/** A failure safe to log and show: the reason and code, without the error that held the URL. */
export function scrubbed(error: unknown, channelId: string, needs?: readonly string[]): SendFailure {
  const failure = classifySendError(error, channelId, needs);
  return new SendFailure(failure.scope, failure.reason, failure.code);
}

/**
 * Discord's error code for a webhook refusal that means "this webhook is no more". A 401 on a webhook's
 * own URL is about its token, never the bot's: it must not stop the bot as a rejected bot token would.
 */
export function goneCode(error: unknown): number | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.code === DiscordCodes.UnknownWebhook || error.code === DiscordCodes.InvalidWebhookToken) return error.code;
  return error.status === 401 ? DiscordCodes.InvalidWebhookToken : undefined;
}

export class WebhookKeeper {
  constructor(
    private readonly rest: REST,
    private readonly store: WebhookStore,
    private readonly context: WebhookContext,
  ) {}

  /** The channel's webhook: the stored one, one the bot made before its record was lost, or a new one. */
  async ensure(guildId: string, channelId: string): Promise<ChannelWebhook> {
    const stored = await this.store.get(channelId);
    if (stored) return stored;
    // A crash right after making a webhook leaves it unrecorded: find it rather than make a second.
    const me = this.context.botUserId();
    const listed = await this.call(channelId, () => this.rest.get(Routes.channelWebhooks(channelId)) as Promise<ApiWebhook[]>);
    const ours = listed.find((hook) => hook.application_id === me && hook.token);
    const hook = ours ?? (await this.create(channelId));
    const kept = await this.store.add({ channelId, guildId, webhookId: hook.id, token: hook.token!, recreated: false }, this.context.now());
    if (kept.webhookId !== hook.id && !ours) await this.discard(hook.id);
    return kept;
  }

  /**
   * After Discord said the webhook is gone: makes it again the first time; the second time forgets it
   * and pauses (a resumed schedule then starts over with a new webhook).
   */
  async replaceGone(stale: ChannelWebhook): Promise<ChannelWebhook> {
    if (stale.recreated) {
      await this.store.forget(stale.channelId, stale.webhookId);
      throw new SendFailure(
        'channel',
        `The webhook the bot posts through in <#${stale.channelId}> was deleted again after the bot made it once more. Resume the schedule to let the bot make a new one, or add the schedule without as-webhook`,
        DiscordCodes.UnknownWebhook,
      );
    }
    const hook = await this.create(stale.channelId);
    const kept = await this.store.replace(stale.webhookId, { ...stale, webhookId: hook.id, token: hook.token!, recreated: true }, this.context.now());
    if (kept.webhookId !== hook.id) await this.discard(hook.id);
    return kept;
  }

  private async create(channelId: string): Promise<ApiWebhook> {
    const hook = await this.call(channelId, () => this.rest.post(Routes.channelWebhooks(channelId), { body: { name: this.context.webhookName() } }) as Promise<ApiWebhook>);
    if (!hook.token) throw new SendFailure('transient', 'Discord returned a webhook without its token');
    return hook;
  }

  /** Another process stored its webhook first: ours is deleted so the channel keeps one. */
  private async discard(webhookId: string): Promise<void> {
    await this.rest.delete(Routes.webhook(webhookId)).catch(() => undefined);
  }

  private async call<T>(channelId: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === DiscordCodes.MissingPermissions) {
        throw new SendFailure('channel', `Missing Permissions in <#${channelId}>: the bot needs Manage Webhooks there to post through a webhook`, error.code);
      }
      if (error instanceof DiscordAPIError && error.code === DiscordCodes.MaxWebhooks) {
        throw new SendFailure('channel', `<#${channelId}> already has the most webhooks Discord allows (15); remove one the server no longer uses`, error.code);
      }
      throw scrubbed(error, channelId);
    }
  }
}

/** A webhook name from the bot's own: Discord refuses names containing "discord" or "clyde". */
export function defaultWebhookName(botName: string | undefined): string {
  const name = (botName ?? '').replace(/discord|clyde/gi, '').trim().slice(0, 80);
  return name || 'News';
}
