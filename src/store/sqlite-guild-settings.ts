// Server settings in SQLite. Rows are read back through zod: a row edited by hand into something
// invalid falls back to the default for that one field, with a warning, and is never deleted.
import { z } from 'zod';
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import { DEFAULT_SETTINGS, type GuildSettings, type GuildSettingsStore } from './guild-settings.js';

const snowflake = z.string().regex(/^\d{17,20}$/);
const fields = {
  newsChannelId: snowflake.nullable(),
  summarySentences: z.number().int().min(1).max(10),
  color: z.number().int().min(0).max(0xffffff),
  mentionRoleId: snowflake.nullable(),
  webhookName: z.string().min(1).max(80).nullable(),
  webhookAvatarUrl: z.url({ protocol: /^https$/ }).max(2048).nullable(),
} as const;

interface Row {
  news_channel_id: unknown;
  summary_sentences: unknown;
  color: unknown;
  mention_role_id: unknown;
  webhook_name: unknown;
  webhook_avatar_url: unknown;
}

export class SqliteGuildSettings implements GuildSettingsStore {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(
    db: Database,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.select = db.prepare<[string], Row>('SELECT news_channel_id, summary_sentences, color, mention_role_id, webhook_name, webhook_avatar_url FROM guild_settings WHERE guild_id = ?');
    this.upsert = db.prepare(`
      INSERT INTO guild_settings (guild_id, news_channel_id, summary_sentences, color, mention_role_id, webhook_name, webhook_avatar_url, updated_at)
      VALUES (@guildId, @newsChannelId, @summarySentences, @color, @mentionRoleId, @webhookName, @webhookAvatarUrl, @updatedAt)
      ON CONFLICT (guild_id) DO UPDATE SET
        news_channel_id = excluded.news_channel_id, summary_sentences = excluded.summary_sentences,
        color = excluded.color, mention_role_id = excluded.mention_role_id, webhook_name = excluded.webhook_name,
        webhook_avatar_url = excluded.webhook_avatar_url, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM guild_settings WHERE guild_id = ?');
  }

  async get(guildId: string): Promise<GuildSettings> {
    const row = this.select.get(guildId);
    if (!row) return { ...DEFAULT_SETTINGS };
    const raw: Record<keyof GuildSettings, unknown> = {
      newsChannelId: row.news_channel_id,
      summarySentences: row.summary_sentences,
      color: row.color,
      mentionRoleId: row.mention_role_id,
      webhookName: row.webhook_name,
      webhookAvatarUrl: row.webhook_avatar_url,
    };
    const settings = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(fields) as (keyof GuildSettings)[]) {
      const parsed = fields[key].safeParse(raw[key]);
      if (parsed.success) Object.assign(settings, { [key]: parsed.data });
      else this.logger.warn({ guildId, field: key }, 'stored setting is invalid; using the default for it');
    }
    return settings;
  }

  async update(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
    const next = { ...(await this.get(guildId)), ...patch };
    this.upsert.run({ guildId, ...next, updatedAt: this.clock.now().toISOString() });
    return next;
  }

  async reset(guildId: string): Promise<void> {
    this.remove.run(guildId);
  }
}
