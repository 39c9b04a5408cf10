// Server settings in SQLite. Rows are read back through zod (see settings-rows.ts); an update is one
// upsert of the changed fields only, which is atomic across processes sharing the file.
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import type { GuildSettings, GuildSettingsStore } from './guild-settings.js';
import { patchedKeys, readSettings, SETTINGS_SELECT, upsertSql, upsertValues } from './settings-rows.js';

type Row = Record<string, unknown>;

export class SqliteGuildSettings implements GuildSettingsStore {
  private readonly select;
  private readonly remove;
  private readonly upserts = new Map<string, ReturnType<Database['prepare']>>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.select = db.prepare<[string], Row>(`SELECT ${SETTINGS_SELECT} FROM guild_settings WHERE guild_id = ?`);
    this.remove = db.prepare('DELETE FROM guild_settings WHERE guild_id = ?');
  }

  async get(guildId: string): Promise<GuildSettings> {
    return readSettings(this.select.get(guildId), guildId, this.logger);
  }

  async update(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
    const sql = upsertSql(patchedKeys(patch), (key) => `@${key}`);
    let upsert = this.upserts.get(sql);
    if (!upsert) {
      upsert = this.db.prepare(sql);
      this.upserts.set(sql, upsert);
    }
    const row = upsert.get(upsertValues(guildId, patch, this.clock.now().toISOString())) as Row;
    return readSettings(row, guildId, this.logger);
  }

  async reset(guildId: string): Promise<void> {
    this.remove.run(guildId);
  }
}
