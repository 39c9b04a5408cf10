// Schedules in SQLite, with the lease that lets several processes share one database file: a due run
// is taken inside an IMMEDIATE transaction, which holds the file's write lock from its first read, so
// two processes can never both see a schedule as free and both take it.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { NewSchedule, Schedule, SchedulePatch, SchedulesStore } from '../scheduler/types.js';
import type { Database } from './database.js';
import { LeasedPatches } from './sqlite-leased-patch.js';
import { patchColumns, readSchedules, scheduleRowSchema } from './schedule-rows.js';

const json = <T>(schema: z.ZodType<T>): z.ZodType<T> =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

// Times are epoch milliseconds, flags 0 or 1, JSON is text.
const rowSchema = scheduleRowSchema({
  time: z.number().int().transform((ms) => new Date(ms)),
  flag: z.number().int().transform((n) => n !== 0),
  json,
});


const DUE = 'paused_reason IS NULL AND coalesce(retry_at, next_run_at) <= @now';
const FREE = '(lease_until IS NULL OR lease_until <= @now)';

export class SqliteSchedules implements SchedulesStore {
  private readonly statements;
  private readonly patches: LeasedPatches;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.patches = new LeasedPatches(db, 'schedules');
    this.statements = {
      insert: db.prepare(`INSERT INTO schedules (id, guild_id, channel_id, target, rule, count, query, created_at, new_since, backfill, next_run_at)
        VALUES (@id, @guildId, @channelId, @target, @rule, @count, @query, @createdAt, @createdAt, @backfill, @nextRunAt) ON CONFLICT (id) DO NOTHING`),
      get: db.prepare<[string, string], unknown>('SELECT * FROM schedules WHERE guild_id = ? AND id = ?'),
      find: db.prepare<[string], unknown>('SELECT * FROM schedules WHERE id = ?'),
      all: db.prepare<[], unknown>('SELECT * FROM schedules ORDER BY guild_id, created_at, id'),
      byGuild: db.prepare<[string], unknown>('SELECT * FROM schedules WHERE guild_id = ? ORDER BY created_at, id'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM schedules WHERE guild_id = ?'),
      remove: db.prepare('DELETE FROM schedules WHERE guild_id = ? AND id = ?'),
      due: db.prepare<[{ now: number; limit: number }], unknown>(`SELECT * FROM schedules WHERE ${DUE}
        ORDER BY coalesce(retry_at, next_run_at), id LIMIT @limit`),
      free: db.prepare<[{ now: number; limit: number }], { id: string }>(`SELECT id FROM schedules WHERE ${DUE} AND ${FREE}
        ORDER BY coalesce(retry_at, next_run_at), id LIMIT @limit`),
      lease: db.prepare<[{ id: string; owner: string; until: number }], unknown>('UPDATE schedules SET lease_owner = @owner, lease_until = @until WHERE id = @id RETURNING *'),
      leaseOne: db.prepare<[{ id: string; owner: string; now: number; until: number }], unknown>(`UPDATE schedules SET lease_owner = @owner, lease_until = @until
        WHERE id = @id AND ${FREE} RETURNING *`),
      renew: db.prepare('UPDATE schedules SET lease_until = @until WHERE id = @id AND lease_owner = @owner'),
      release: db.prepare('UPDATE schedules SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner'),
      nextDue: db.prepare<[], { at: number | null }>(`SELECT min(max(coalesce(retry_at, next_run_at), coalesce(lease_until, 0))) AS at
        FROM schedules WHERE paused_reason IS NULL`),
      paused: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM schedules WHERE paused_reason IS NOT NULL'),
    };
  }

  private parse(rows: readonly unknown[]): Schedule[] {
    return readSchedules(rows, rowSchema, this.logger);
  }

  async create(schedule: NewSchedule): Promise<boolean> {
    const result = this.statements.insert.run({
      ...schedule,
      target: schedule.target ? JSON.stringify(schedule.target) : null,
      rule: JSON.stringify(schedule.rule),
      createdAt: schedule.createdAt.getTime(),
      nextRunAt: schedule.nextRunAt.getTime(),
    });
    return result.changes > 0;
  }

  async get(guildId: string, id: string): Promise<Schedule | undefined> {
    const row = this.statements.get.get(guildId, id);
    return row ? this.parse([row])[0] : undefined;
  }

  async find(id: string): Promise<Schedule | undefined> {
    const row = this.statements.find.get(id);
    return row ? this.parse([row])[0] : undefined;
  }

  async listAll(): Promise<Schedule[]> {
    return this.parse(this.statements.all.all());
  }

  async listByGuild(guildId: string): Promise<Schedule[]> {
    return this.parse(this.statements.byGuild.all(guildId));
  }

  async countByGuild(guildId: string): Promise<number> {
    return this.statements.count.get(guildId)?.n ?? 0;
  }

  async remove(guildId: string, id: string): Promise<boolean> {
    return this.statements.remove.run(guildId, id).changes > 0;
  }

  async due(now: Date, limit: number): Promise<Schedule[]> {
    return this.parse(this.statements.due.all({ now: now.getTime(), limit }));
  }

  async nextDueAt(): Promise<Date | undefined> {
    const at = this.statements.nextDue.get()?.at;
    return at === null || at === undefined ? undefined : new Date(at);
  }

  async countPaused(): Promise<number> {
    return this.statements.paused.get()?.n ?? 0;
  }

  async update(id: string, patch: SchedulePatch): Promise<void> {
    this.patch(id, patch, null);
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Schedule[]> {
    const until = now.getTime() + leaseMs;
    // IMMEDIATE: the write lock is taken before the select, so no other process reads the same free rows.
    const rows = this.db.transaction(() =>
      this.statements.free.all({ now: now.getTime(), limit }).map(({ id }) => this.statements.lease.get({ id, owner, until })),
    ).immediate();
    // A row that cannot be read stays leased and unreturned: it is looked at again once the lease ends,
    // so a bad row costs one warning per lease instead of one per timer tick.
    return this.parse(rows);
  }

  async leaseOne(id: string, now: Date, owner: string, leaseMs: number): Promise<Schedule | undefined> {
    const row = this.statements.leaseOne.get({ id, owner, now: now.getTime(), until: now.getTime() + leaseMs });
    return row ? this.parse([row])[0] : undefined;
  }

  async renewLease(id: string, owner: string, until: Date): Promise<boolean> {
    return this.statements.renew.run({ id, owner, until: until.getTime() }).changes > 0;
  }

  async finishRun(id: string, owner: string, patch: SchedulePatch): Promise<boolean> {
    return this.patch(id, patch, owner);
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    this.statements.release.run({ id, owner });
  }

  private patch(id: string, patch: SchedulePatch, owner: string | null): boolean {
    return this.patches.apply(id, patchColumns(patch), owner);
  }
}
