// Server settings in PostgreSQL: the same reading rules as SQLite (settings-rows.ts), and an update
// that is one upsert of the changed fields, so concurrent changes from two processes both stay.
import type { Clock } from '../../deps.js';
import type { Logger } from '../../logger.js';
import type { GuildSettings, GuildSettingsStore } from '../guild-settings.js';
import { patchedKeys, readSettings, SETTINGS_SELECT, UPSERT_PARAMS, upsertSql, upsertValues } from '../settings-rows.js';
import type { Pool } from './pool.js';

export class PgGuildSettings implements GuildSettingsStore {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  async get(guildId: string): Promise<GuildSettings> {
    const { rows } = await this.pool.query(`SELECT ${SETTINGS_SELECT} FROM guild_settings WHERE guild_id = $1`, [guildId]);
    return readSettings(rows[0], guildId, this.logger);
  }

  async update(guildId: string, patch: Partial<GuildSettings>): Promise<GuildSettings> {
    const sql = upsertSql(patchedKeys(patch), (key) => `$${UPSERT_PARAMS.indexOf(key) + 1}`);
    const values = upsertValues(guildId, patch, this.clock.now());
    const { rows } = await this.pool.query(sql, UPSERT_PARAMS.map((key) => values[key]));
    return readSettings(rows[0], guildId, this.logger);
  }

  async reset(guildId: string): Promise<void> {
    await this.pool.query('DELETE FROM guild_settings WHERE guild_id = $1', [guildId]);
  }
}
