// Schedules in PostgreSQL. A due run is taken with FOR UPDATE SKIP LOCKED: two processes claiming at
// once lock different rows, and a row another process has just leased no longer passes the "free"
// test when it is re-checked under the lock. Rows are read with the same rules as SQLite's.
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { NewSchedule, Schedule, SchedulePatch, SchedulesStore } from '../../scheduler/types.js';
import { patchColumns, readSchedules, scheduleRowSchema } from '../schedule-rows.js';
import type { Pool } from './pool.js';
import { patchLeased } from './leased-patch.js';

// timestamptz comes back as Date, boolean as boolean, jsonb already parsed.
const rowSchema = scheduleRowSchema({ time: z.date(), flag: z.boolean(), json: (schema) => schema });

const DUE = 'paused_reason IS NULL AND coalesce(retry_at, next_run_at) <= $1';
const FREE = '(lease_until IS NULL OR lease_until <= $1)';
const EARLIEST_FIRST = 'ORDER BY coalesce(retry_at, next_run_at), id';

/** A patch value as a query parameter: JSON columns are sent as text, the rest as they are. */
function toParam(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

const dueAt = (s: Schedule): number => (s.retryAt ?? s.nextRunAt).getTime();

export class PgSchedules implements SchedulesStore {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  private async select(sql: string, params: unknown[]): Promise<Schedule[]> {
    const { rows } = await this.pool.query(sql, params);
    return readSchedules(rows, rowSchema, this.logger);
  }

  async create(s: NewSchedule): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO schedules (id, guild_id, channel_id, rule, count, query, created_at, new_since, backfill, next_run_at, target)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [s.id, s.guildId, s.channelId, JSON.stringify(s.rule), s.count, s.query, s.createdAt, s.backfill, s.nextRunAt, s.target ? JSON.stringify(s.target) : null],
    );
    return rowCount === 1;
  }

  async get(guildId: string, id: string): Promise<Schedule | undefined> {
    return (await this.select('SELECT * FROM schedules WHERE guild_id = $1 AND id = $2', [guildId, id]))[0];
  }

  async find(id: string): Promise<Schedule | undefined> {
    return (await this.select('SELECT * FROM schedules WHERE id = $1', [id]))[0];
  }

  async listAll(): Promise<Schedule[]> {
    return this.select('SELECT * FROM schedules ORDER BY guild_id, created_at, id', []);
  }

  async listByGuild(guildId: string): Promise<Schedule[]> {
    return this.select('SELECT * FROM schedules WHERE guild_id = $1 ORDER BY created_at, id', [guildId]);
  }

  async countByGuild(guildId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM schedules WHERE guild_id = $1', [guildId]);
    return rows[0]?.n ?? 0;
  }

  async remove(guildId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM schedules WHERE guild_id = $1 AND id = $2', [guildId, id]);
    return rowCount === 1;
  }

  async due(now: Date, limit: number): Promise<Schedule[]> {
    return this.select(`SELECT * FROM schedules WHERE ${DUE} ${EARLIEST_FIRST} LIMIT $2`, [now, limit]);
  }

  async nextDueAt(): Promise<Date | undefined> {
    // greatest() ignores NULL, so an unleased schedule counts by its due time alone.
    const { rows } = await this.pool.query<{ at: Date | null }>(
      'SELECT min(greatest(coalesce(retry_at, next_run_at), lease_until)) AS at FROM schedules WHERE paused_reason IS NULL',
    );
    return rows[0]?.at ?? undefined;
  }

  async update(id: string, patch: SchedulePatch): Promise<void> {
    await this.patch(id, patch, null);
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Schedule[]> {
    const claimed = await this.select(
      `WITH picked AS (
         SELECT id FROM schedules WHERE ${DUE} AND ${FREE} ${EARLIEST_FIRST} LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE schedules SET lease_owner = $3, lease_until = $4 FROM picked WHERE schedules.id = picked.id
       RETURNING schedules.*`,
      [now, limit, owner, new Date(now.getTime() + leaseMs)],
    );
    // RETURNING keeps no order. A row that cannot be read stays leased and unreturned until the lease
    // ends: one warning per lease rather than one per timer tick.
    return claimed.sort((a, b) => dueAt(a) - dueAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async leaseOne(id: string, now: Date, owner: string, leaseMs: number): Promise<Schedule | undefined> {
    const [leased] = await this.select(
      `UPDATE schedules SET lease_owner = $2, lease_until = $3 WHERE id = $4 AND ${FREE} RETURNING *`,
      [now, owner, new Date(now.getTime() + leaseMs), id],
    );
    return leased;
  }

  async renewLease(id: string, owner: string, until: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE schedules SET lease_until = $3 WHERE id = $1 AND lease_owner = $2', [id, owner, until]);
    return rowCount === 1;
  }

  async finishRun(id: string, owner: string, patch: SchedulePatch): Promise<boolean> {
    return this.patch(id, patch, owner);
  }

  async countPaused(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM schedules WHERE paused_reason IS NOT NULL');
    return rows[0]?.n ?? 0;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.pool.query('UPDATE schedules SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [id, owner]);
  }

  private patch(id: string, patch: SchedulePatch, owner: string | null): Promise<boolean> {
    return patchLeased(this.pool, 'schedules', id, patchColumns(patch).map(({ column, value }) => ({ column, value: toParam(value) })), owner);
  }
}
