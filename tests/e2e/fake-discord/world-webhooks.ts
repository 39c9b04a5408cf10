// Test-side channel webhooks: ones members make in Discord's UI (for the bot to find and reuse),
// inspection, and deletion by an admin (the bot then meets 10015 Unknown Webhook).
import type { WebhookRecord } from './thread-state.js';
import { announceWebhooksUpdate, liveWebhook, liveWebhooks, newWebhook } from './webhooks.js';
import type { Dispatch } from './threads.js';
import { ThreadWorld } from './world-threads.js';
import type { WorldDeps } from './world.js';

export abstract class WebhookWorld extends ThreadWorld {
  private readonly hookIds: () => string;
  private readonly hookDispatch: Dispatch;

  constructor(deps: WorldDeps) {
    super(deps);
    this.hookIds = deps.snowflake;
    this.hookDispatch = deps.dispatch;
  }

  /** A webhook a member creates (no application owns it). Returns it with its token. */
  addWebhook(channelId: string, opts: { name: string; creatorId?: string }): WebhookRecord {
    const channel = this.state.channel(channelId);
    if (!channel || channel.thread) throw new Error(`fake-discord: ${channelId} is not a channel that can have webhooks`);
    const creatorId = opts.creatorId ?? this.state.guild(channel.guildId)?.ownerId ?? '';
    const hook = newWebhook(this.state, this.hookIds(), channel, { name: opts.name, creatorId, applicationId: null });
    announceWebhooksUpdate(this.state, this.hookDispatch, hook);
    return hook;
  }

  /** The channel's live webhooks, oldest first. */
  webhooks(channelId: string): WebhookRecord[] {
    return liveWebhooks(this.state, (h) => h.channelId === channelId);
  }

  webhook(id: string): WebhookRecord | undefined {
    return liveWebhook(this.state, id);
  }

  /** What an admin deleting the webhook in Server Settings does. */
  deleteWebhook(id: string): void {
    const hook = liveWebhook(this.state, id);
    if (!hook) throw new Error(`fake-discord: unknown webhook ${id}`);
    hook.deleted = true;
    announceWebhooksUpdate(this.state, this.hookDispatch, hook);
  }
}
