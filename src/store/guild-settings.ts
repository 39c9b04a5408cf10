// Per-server settings and the store interface in front of them; the SQLite and PostgreSQL stores
// implement it.
import { DEFAULT_COLOR } from '../core/layout.js';
import { DEFAULT_SENTENCES, type NewsStyle } from '../services/news.js';

export interface GuildSettings {
  newsChannelId: string | null;
  summarySentences: number;
  color: number;
  mentionRoleId: string | null;
  /** The name webhook posts show (`/config identity`); null: the webhook's own. */
  webhookName: string | null;
  /** The avatar webhook posts show, an https URL; null: the webhook's own. */
  webhookAvatarUrl: string | null;
}

export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  newsChannelId: null,
  summarySentences: DEFAULT_SENTENCES,
  color: DEFAULT_COLOR,
  mentionRoleId: null,
  webhookName: null,
  webhookAvatarUrl: null,
});

/**
 * Settings per server. Asynchronous so that a networked backend (PostgreSQL) can implement it later
 * without changing any command; a server with no row has the defaults.
 */
export interface GuildSettingsStore {
  get(guildId: string): Promise<GuildSettings>;
  update(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings>;
  reset(guildId: string): Promise<void>;
}

export function styleOf(settings: GuildSettings): NewsStyle {
  return { color: settings.color, summarySentences: settings.summarySentences };
}

/** The settings that apply to an interaction: the server's, or the defaults outside a server. */
export async function settingsFor(store: GuildSettingsStore, guildId: string | null): Promise<GuildSettings> {
  return guildId ? store.get(guildId) : { ...DEFAULT_SETTINGS };
}
