// The bot's channel webhooks in PostgreSQL, tokens included: this table is the only place they are
// kept. The channel is the key, so two processes making a webhook for one channel keep one of them.
import type { ChannelWebhook, WebhookStore } from '../../discord/webhooks.js';
import type { Pool } from './pool.js';

interface Row {
  channel_id: string;
  guild_id: string;
  webhook_id: string;
  token: string;
  recreated: boolean;
}

const toHook = (row: Row): ChannelWebhook => ({ channelId: row.channel_id, guildId: row.guild_id, webhookId: row.webhook_id, token: row.token, recreated: row.recreated });

export class PgWebhooks implements WebhookStore {
  constructor(private readonly pool: Pool) {}

  async get(channelId: string): Promise<ChannelWebhook | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT channel_id, guild_id, webhook_id, token, recreated FROM channel_webhooks WHERE channel_id = $1', [channelId]);
    return rows[0] ? toHook(rows[0]) : undefined;
  }

  async add(hook: ChannelWebhook, at: Date): Promise<ChannelWebhook> {
    await this.pool.query(
      `INSERT INTO channel_webhooks (channel_id, guild_id, webhook_id, token, recreated, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [hook.channelId, hook.guildId, hook.webhookId, hook.token, hook.recreated, at],
    );
    return (await this.get(hook.channelId)) ?? hook;
  }

  async replace(staleId: string, hook: ChannelWebhook, at: Date): Promise<ChannelWebhook> {
    await this.pool.query(
      `INSERT INTO channel_webhooks (channel_id, guild_id, webhook_id, token, recreated, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (channel_id) DO UPDATE SET webhook_id = excluded.webhook_id, token = excluded.token, recreated = excluded.recreated,
         created_at = excluded.created_at WHERE channel_webhooks.webhook_id = $7`,
      [hook.channelId, hook.guildId, hook.webhookId, hook.token, hook.recreated, at, staleId],
    );
    return (await this.get(hook.channelId)) ?? hook;
  }

  async forget(channelId: string, webhookId: string): Promise<void> {
    await this.pool.query('DELETE FROM channel_webhooks WHERE channel_id = $1 AND webhook_id = $2', [channelId, webhookId]);
  }
}
