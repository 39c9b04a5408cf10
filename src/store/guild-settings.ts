// Per-server settings and the store interface in front of them. The SQLite store implements it for the
// bot; the in-memory one serves tests and the offline CLI.
import { DEFAULT_COLOR } from '../core/layout.js';
import { DEFAULT_SENTENCES, type NewsStyle } from '../services/news.js';

export interface GuildSettings {
  newsChannelId: string | null;
  summarySentences: number;
  color: number;
  mentionRoleId: string | null;
}

export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  newsChannelId: null,
  summarySentences: DEFAULT_SENTENCES,
  color: DEFAULT_COLOR,
  mentionRoleId: null,
});

export interface GuildSettingsStore {
  get(guildId: string): GuildSettings;
  update(guildId: string, patch: Partial<GuildSettings>): GuildSettings;
  reset(guildId: string): void;
}

export function styleOf(settings: GuildSettings): NewsStyle {
  return { color: settings.color, summarySentences: settings.summarySentences };
}

export class MemoryGuildSettings implements GuildSettingsStore {
  private readonly rows = new Map<string, GuildSettings>();

  get(guildId: string): GuildSettings {
    return { ...(this.rows.get(guildId) ?? DEFAULT_SETTINGS) };
  }

  update(guildId: string, patch: Partial<GuildSettings>): GuildSettings {
    const next = { ...this.get(guildId), ...patch };
    this.rows.set(guildId, next);
    return { ...next };
  }

  reset(guildId: string): void {
    this.rows.delete(guildId);
  }
}
