// Reading and writing per-server settings rows, shared by the SQLite and PostgreSQL stores. A row edited
// by hand into something invalid falls back to the default for that one field, with a warning, and is
// never deleted. Writes change only the fields given, so two admins changing different settings at
// once both keep their change.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { DEFAULT_SETTINGS, type GuildSettings } from './guild-settings.js';

const snowflake = z.string().regex(/^\d{17,20}$/);
const fields = {
  newsChannelId: snowflake.nullable(),
  summarySentences: z.number().int().min(1).max(10),
  color: z.number().int().min(0).max(0xffffff),
  mentionRoleId: snowflake.nullable(),
  webhookName: z.string().min(1).max(80).nullable(),
  webhookAvatarUrl: z.url({ protocol: /^https$/ }).max(2048).nullable(),
} as const;

export const SETTINGS_COLUMNS: Record<keyof GuildSettings, string> = {
  newsChannelId: 'news_channel_id',
  summarySentences: 'summary_sentences',
  color: 'color',
  mentionRoleId: 'mention_role_id',
  webhookName: 'webhook_name',
  webhookAvatarUrl: 'webhook_avatar_url',
};

const KEYS = Object.keys(SETTINGS_COLUMNS) as (keyof GuildSettings)[];

export const SETTINGS_SELECT = KEYS.map((key) => SETTINGS_COLUMNS[key]).join(', ');

/** The upsert's parameters, in the order of its VALUES list. */
export const UPSERT_PARAMS: readonly string[] = ['guildId', ...KEYS, 'updatedAt'];

/** The fields a patch sets, in a fixed order (so the statement built from them can be reused). */
export function patchedKeys(patch: Partial<GuildSettings>): (keyof GuildSettings)[] {
  return KEYS.filter((key) => patch[key] !== undefined);
}

/**
 * An upsert that inserts a full row for a new server (defaults plus the patch) and otherwise sets only
 * the patched columns. `param` spells the backend's placeholder for a key.
 */
export function upsertSql(keys: readonly (keyof GuildSettings)[], param: (key: string) => string): string {
  const columns = ['guild_id', ...KEYS.map((key) => SETTINGS_COLUMNS[key]), 'updated_at'];
  const values = UPSERT_PARAMS.map(param);
  const sets = [...keys.map((key) => `${SETTINGS_COLUMNS[key]} = excluded.${SETTINGS_COLUMNS[key]}`), 'updated_at = excluded.updated_at'];
  return `INSERT INTO guild_settings (${columns.join(', ')}) VALUES (${values.join(', ')})
    ON CONFLICT (guild_id) DO UPDATE SET ${sets.join(', ')} RETURNING ${SETTINGS_SELECT}`;
}

/** The values the upsert binds, by key. */
export function upsertValues(guildId: string, patch: Partial<GuildSettings>, updatedAt: unknown): Record<string, unknown> {
  const full: GuildSettings = { ...DEFAULT_SETTINGS };
  for (const key of patchedKeys(patch)) Object.assign(full, { [key]: patch[key] });
  return { guildId, ...full, updatedAt };
}

/** A stored row as settings: each invalid field is replaced by its default, with a warning. */
export function readSettings(row: Record<string, unknown> | undefined, guildId: string, logger: Logger): GuildSettings {
  const settings = { ...DEFAULT_SETTINGS };
  if (!row) return settings;
  for (const key of KEYS) {
    const parsed = fields[key].safeParse(row[SETTINGS_COLUMNS[key]]);
    if (parsed.success) Object.assign(settings, { [key]: parsed.data });
    else logger.warn({ guildId, field: key }, 'stored setting is invalid; using the default for it');
  }
  return settings;
}
