// Schedules in SQLite. Rows are parsed with zod on the way out: a row that no longer makes sense (a
// hand edit, a rule this version cannot read) is skipped with a warning naming it, never deleted.
import { z } from 'zod';
import { PLAIN_CHANNEL, type TargetOptions } from '../discord/target.js';
import type { Logger } from '../logger.js';
import { isValidTimeZone } from '../scheduler/rules.js';
import type { NewSchedule, RunResult, Schedule, SchedulePatch, SchedulesStore } from '../scheduler/types.js';
import type { Database } from './database.js';

const ruleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('every'), minutes: z.number().int().min(1).max(7 * 24 * 60) }),
  z.object({
    kind: z.literal('daily'),
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59),
    timeZone: z.string().refine(isValidTimeZone, 'unknown time zone'),
  }),
]);

const resultSchema: z.ZodType<RunResult> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('posted'), count: z.number().int().min(0), skipped: z.number().int().optional(), unconfirmed: z.number().int().optional() }),
  z.object({ kind: z.literal('nothing-new'), skipped: z.number().int().optional(), unconfirmed: z.number().int().optional() }),
  z.object({ kind: z.literal('retrying'), reason: z.string(), attempts: z.number().int() }),
  z.object({ kind: z.literal('paused'), reason: z.string() }),
]);

const snowflake = z.string().regex(/^\d{17,20}$/);
const targetSchema: z.ZodType<TargetOptions> = z.object({
  kind: z.enum(['channel', 'forum', 'thread']),
  parentId: snowflake.nullable(),
  threadPerArticle: z.boolean(),
  publish: z.boolean(),
  asWebhook: z.boolean(),
  tagIds: z.array(snowflake).max(5),
});

const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

const epoch = z.number().int().transform((ms) => new Date(ms));
const rowSchema = z.object({
  id: z.string().min(1),
  guild_id: z.string().regex(/^\d{17,20}$/),
  channel_id: z.string().regex(/^\d{17,20}$/),
  target: json(targetSchema).nullable(),
  rule: json(ruleSchema),
  count: z.number().int().min(1).max(5),
  query: z.string().nullable(),
  created_at: epoch,
  new_since: epoch.nullable(),
  backfill: z.number().int().min(0).max(10),
  next_run_at: epoch,
  retry_at: epoch.nullable(),
  failures: z.number().int().min(0),
  paused_reason: z.string().nullable(),
  pause_notified: z.number().int(),
  notice_error: z.string().nullable(),
  last_run_at: epoch.nullable(),
  last_result: json(resultSchema).nullable(),
});

const COLUMNS: Record<string, string> = {
  channelId: 'channel_id',
  target: 'target',
  rule: 'rule',
  count: 'count',
  query: 'query',
  newSince: 'new_since',
  backfill: 'backfill',
  noticeError: 'notice_error',
  nextRunAt: 'next_run_at',
  retryAt: 'retry_at',
  failures: 'failures',
  pausedReason: 'paused_reason',
  pauseNotified: 'pause_notified',
  lastRunAt: 'last_run_at',
  lastResult: 'last_result',
};

function toColumn(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

export class SqliteSchedules implements SchedulesStore {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.statements = {
      insert: db.prepare(`INSERT INTO schedules (id, guild_id, channel_id, target, rule, count, query, created_at, new_since, backfill, next_run_at)
        VALUES (@id, @guildId, @channelId, @target, @rule, @count, @query, @createdAt, @createdAt, @backfill, @nextRunAt)`),
      get: db.prepare<[string, string], unknown>('SELECT * FROM schedules WHERE guild_id = ? AND id = ?'),
      find: db.prepare<[string], unknown>('SELECT * FROM schedules WHERE id = ?'),
      all: db.prepare<[], unknown>('SELECT * FROM schedules ORDER BY guild_id, created_at, id'),
      byGuild: db.prepare<[string], unknown>('SELECT * FROM schedules WHERE guild_id = ? ORDER BY created_at, id'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM schedules WHERE guild_id = ?'),
      remove: db.prepare('DELETE FROM schedules WHERE guild_id = ? AND id = ?'),
      due: db.prepare<[number, number], unknown>(`SELECT * FROM schedules
        WHERE paused_reason IS NULL AND coalesce(retry_at, next_run_at) <= ?
        ORDER BY coalesce(retry_at, next_run_at), id LIMIT ?`),
      nextDue: db.prepare<[], { at: number | null }>('SELECT min(coalesce(retry_at, next_run_at)) AS at FROM schedules WHERE paused_reason IS NULL'),
    };
  }

  private parse(rows: unknown[]): Schedule[] {
    const out: Schedule[] = [];
    for (const row of rows) {
      const parsed = rowSchema.safeParse(row);
      if (!parsed.success) {
        const id = (row as { id?: unknown }).id;
        this.logger.warn({ scheduleId: id, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'skipped a stored schedule that cannot be read');
        continue;
      }
      const r = parsed.data;
      out.push({
        id: r.id,
        guildId: r.guild_id,
        channelId: r.channel_id,
        target: r.target ?? { ...PLAIN_CHANNEL, tagIds: [] },
        rule: r.rule,
        count: r.count,
        query: r.query,
        createdAt: r.created_at,
        newSince: r.new_since,
        backfill: r.backfill,
        nextRunAt: r.next_run_at,
        retryAt: r.retry_at,
        failures: r.failures,
        pausedReason: r.paused_reason,
        pauseNotified: r.pause_notified !== 0,
        noticeError: r.notice_error,
        lastRunAt: r.last_run_at,
        lastResult: r.last_result,
      });
    }
    return out;
  }

  async create(schedule: NewSchedule): Promise<void> {
    this.statements.insert.run({
      ...schedule,
      target: schedule.target ? JSON.stringify(schedule.target) : null,
      rule: JSON.stringify(schedule.rule),
      createdAt: schedule.createdAt.getTime(),
      nextRunAt: schedule.nextRunAt.getTime(),
    });
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
    return this.parse(this.statements.due.all(now.getTime(), limit));
  }

  async nextDueAt(): Promise<Date | undefined> {
    const at = this.statements.nextDue.get()?.at;
    return at === null || at === undefined ? undefined : new Date(at);
  }

  async update(id: string, patch: SchedulePatch): Promise<void> {
    const entries = Object.entries(patch).filter(([key]) => key in COLUMNS);
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${COLUMNS[key]} = @${key}`).join(', ');
    this.db.prepare(`UPDATE schedules SET ${sets} WHERE id = @id`).run({ id, ...Object.fromEntries(entries.map(([key, value]) => [key, toColumn(value)])) });
  }
}
