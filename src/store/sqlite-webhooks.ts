// The bot's channel webhooks in SQLite, tokens included: this table is the only place they are kept.
// The channel is the key, so two processes making a webhook for one channel keep one of them.
import type { ChannelWebhook, WebhookStore } from '../discord/webhooks.js';
import type { Database } from './database.js';

interface Row {
  channel_id: string;
  guild_id: string;
  webhook_id: string;
  token: string;
  recreated: number;
}

const toHook = (row: Row): ChannelWebhook => ({ channelId: row.channel_id, guildId: row.guild_id, webhookId: row.webhook_id, token: row.token, recreated: row.recreated === 1 });

export class SqliteWebhooks implements WebhookStore {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      get: db.prepare<[string], Row>('SELECT channel_id, guild_id, webhook_id, token, recreated FROM channel_webhooks WHERE channel_id = ?'),
      add: db.prepare(`INSERT INTO channel_webhooks (channel_id, guild_id, webhook_id, token, recreated, created_at)
        VALUES (@channelId, @guildId, @webhookId, @token, @recreated, @at) ON CONFLICT DO NOTHING`),
      replace: db.prepare(`INSERT INTO channel_webhooks (channel_id, guild_id, webhook_id, token, recreated, created_at)
        VALUES (@channelId, @guildId, @webhookId, @token, @recreated, @at)
        ON CONFLICT (channel_id) DO UPDATE SET webhook_id = excluded.webhook_id, token = excluded.token, recreated = excluded.recreated,
          created_at = excluded.created_at WHERE channel_webhooks.webhook_id = @staleId`),
      forget: db.prepare('DELETE FROM channel_webhooks WHERE channel_id = ? AND webhook_id = ?'),
    };
  }

  async get(channelId: string): Promise<ChannelWebhook | undefined> {
    const row = this.statements.get.get(channelId);
    return row ? toHook(row) : undefined;
  }

  async add(hook: ChannelWebhook, at: Date): Promise<ChannelWebhook> {
    this.statements.add.run({ ...hook, recreated: hook.recreated ? 1 : 0, at: at.getTime() });
    return (await this.get(hook.channelId)) ?? hook;
  }

  async replace(staleId: string, hook: ChannelWebhook, at: Date): Promise<ChannelWebhook> {
    this.statements.replace.run({ ...hook, staleId, recreated: hook.recreated ? 1 : 0, at: at.getTime() });
    return (await this.get(hook.channelId)) ?? hook;
  }

  async forget(channelId: string, webhookId: string): Promise<void> {
    this.statements.forget.run(channelId, webhookId);
  }
}
