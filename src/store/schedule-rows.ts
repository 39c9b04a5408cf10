// Reading stored schedules, shared by the SQLite and PostgreSQL stores. Rows are parsed with zod: a row
// that no longer makes sense (a hand edit, a rule this version cannot read) is skipped with a warning
// naming it, and never deleted. The backends differ only in how timestamps, flags and JSON come back.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { isValidTimeZone } from '../scheduler/rules.js';
import { PLAIN_CHANNEL, type TargetOptions } from '../discord/target.js';
import type { RunResult, Schedule, SchedulePatch } from '../scheduler/types.js';

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

/** How one backend's column values read back as the domain's. */
export interface ColumnCodec {
  time: z.ZodType<Date>;
  flag: z.ZodType<boolean>;
  json<T>(schema: z.ZodType<T>): z.ZodType<T>;
}

const snowflake = z.string().regex(/^\d{17,20}$/);

const targetSchema: z.ZodType<TargetOptions> = z.object({
  kind: z.enum(['channel', 'forum', 'thread']),
  parentId: snowflake.nullable(),
  threadPerArticle: z.boolean(),
  publish: z.boolean(),
  asWebhook: z.boolean(),
  tagIds: z.array(snowflake).max(5),
});

/** A row of the schedules table, as the backend's driver returns it, parsed into a Schedule. */
export function scheduleRowSchema({ time, flag, json }: ColumnCodec): z.ZodType<Schedule> {
  return z
    .object({
      id: z.string().min(1),
      guild_id: snowflake,
      channel_id: snowflake,
      // NULL for schedules stored before targets: plain messages into the channel.
      target: json(targetSchema).nullable(),
      rule: json(ruleSchema),
      count: z.number().int().min(1).max(5),
      query: z.string().nullable(),
      created_at: time,
      new_since: time.nullable(),
      backfill: z.number().int().min(0).max(10),
      next_run_at: time,
      retry_at: time.nullable(),
      failures: z.number().int().min(0),
      paused_reason: z.string().nullable(),
      pause_notified: flag,
      notice_error: z.string().nullable(),
      last_run_at: time.nullable(),
      last_result: json(resultSchema).nullable(),
      lease_owner: z.string().nullable(),
      lease_until: time.nullable(),
      mentioned_for: time.nullable().optional(),
      queue_cursor: z.string().max(200).nullable().optional(),
    })
    .transform((r): Schedule => ({
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
      pauseNotified: r.pause_notified,
      noticeError: r.notice_error,
      lastRunAt: r.last_run_at,
      lastResult: r.last_result,
      lease: r.lease_owner !== null && r.lease_until !== null ? { owner: r.lease_owner, until: r.lease_until } : null,
      mentionedFor: r.mentioned_for ?? null,
      queueCursor: r.queue_cursor ?? null,
    }));
}

/** Parses rows, skipping (and naming) each one that cannot be read. */
export function readSchedules(rows: readonly unknown[], schema: z.ZodType<Schedule>, logger: Logger): Schedule[] {
  const out: Schedule[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) out.push(parsed.data);
    else {
      const id = (row as { id?: unknown }).id;
      logger.warn({ scheduleId: id, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'skipped a stored schedule that cannot be read');
    }
  }
  return out;
}

/** The columns a patch may change. The lease is not among them: only the lease methods move it. */
const PATCH_COLUMNS: Record<keyof SchedulePatch, string> = {
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
  mentionedFor: 'mentioned_for',
  queueCursor: 'queue_cursor',
};

/** The patch's fields as (column, value) pairs, in a fixed order; unknown keys are ignored. */
export function patchColumns(patch: SchedulePatch): Array<{ column: string; value: unknown }> {
  return (Object.keys(PATCH_COLUMNS) as (keyof SchedulePatch)[])
    .filter((key) => key in patch && patch[key] !== undefined)
    .map((key) => ({ column: PATCH_COLUMNS[key], value: patch[key] }));
}
