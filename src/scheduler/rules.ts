// Schedule rules for scheduled channel posts: parsing the /schedule options, describing a rule, and
// computing when it runs. Pure and Discord-free; the scheduler passes in the times (its clock).
// Error texts are shown to server admins verbatim, so each says what is accepted.

import { canonicalTimeZone, instantOfLocalTime, zoneOffset } from './time-zones.js';

export { canonicalTimeZone, isValidTimeZone, searchTimeZones } from './time-zones.js';

export type ScheduleRule =
  | { kind: 'every'; minutes: number }
  | { kind: 'daily'; hour: number; minute: number; timeZone: string };

export type RuleResult = { ok: true; rule: ScheduleRule } | { ok: false; error: string };

export interface RuleInput {
  every?: string | null;
  at?: string | null;
  timezone?: string | null;
}

export interface RuleOptions {
  /** The smallest `every` allowed, in minutes (config; 5 by default, may be lowered to 1). */
  minIntervalMinutes: number;
}

export const DEFAULT_MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Days, hours and minutes in that order, each at most once: "15m", "2h", "1d", "90m", "1h30m", "1d12h". */
const EVERY_PATTERN = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?$/;
/** 24-hour clock; a one-digit hour is fine ("9:05"), minutes always take two digits. */
const AT_PATTERN = /^([01]?\d|2[0-3]):([0-5]\d)$/;

const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

/**
 * Reads the /schedule options. Exactly one of `every` and `at`; blank strings count as not given.
 * `timezone` (default UTC) places an `at` time; with `every` it plays no part, but a name that is not a
 * time zone is still reported rather than silently dropped. All problems are reported together, one a line.
 */
export function parseRule(input: RuleInput, options: RuleOptions): RuleResult {
  const configured = Math.floor(options.minIntervalMinutes);
  const minInterval = Number.isFinite(configured) ? Math.max(1, configured) : DEFAULT_MIN_INTERVAL_MINUTES;
  const errors: string[] = [];
  let rule: ScheduleRule | undefined;
  const timeZone = present(input.timezone) ? canonicalTimeZone(input.timezone) : 'UTC';
  if (present(input.every) && present(input.at)) {
    errors.push('Use either `every` or `at`, not both.');
  } else if (present(input.every)) {
    const parsed = parseEvery(input.every, minInterval);
    if (typeof parsed === 'string') errors.push(parsed);
    else rule = { kind: 'every', minutes: parsed };
  } else if (present(input.at)) {
    const match = AT_PATTERN.exec(input.at.trim());
    if (!match) errors.push('`at` takes a 24-hour time as HH:MM, like 09:30 or 18:05.');
    else if (timeZone !== undefined) {
      rule = { kind: 'daily', hour: Number(match[1]), minute: Number(match[2]), timeZone };
    }
  } else {
    errors.push('Give `every` (like 15m, 2h or 1d) or `at` (a daily time like 09:30).');
  }
  if (timeZone === undefined) {
    errors.push('`timezone` must be a time zone from the list, like Europe/London or America/New_York.');
  }
  if (errors.length > 0 || rule === undefined) return { ok: false, error: errors.join('\n') };
  return { ok: true, rule };
}

/** Minutes, or the error to show. Case and spaces are ignored ("1H 30m"); seconds are not offered. */
function parseEvery(text: string, minInterval: number): number | string {
  const match = EVERY_PATTERN.exec(text.toLowerCase().replace(/\s+/g, ''));
  const [, days, hours, minutes] = match ?? [];
  if (!match || (days === undefined && hours === undefined && minutes === undefined)) {
    return `\`every\` takes a number and a unit: 15m, 2h or 1d (at least ${formatMinutes(minInterval)}).`;
  }
  const total = Number(days ?? 0) * 1440 + Number(hours ?? 0) * 60 + Number(minutes ?? 0);
  if (total < minInterval) return `\`every\` must be at least ${formatMinutes(minInterval)}.`;
  if (total > MAX_INTERVAL_MINUTES) return `\`every\` can be at most ${formatMinutes(MAX_INTERVAL_MINUTES)}.`;
  return total;
}

/** "15m", "2h", "1h30m", "1d", "1d6h". */
function formatMinutes(total: number): string {
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}`;
  return text || '0m';
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "every 2h", "every 1h30m", "daily at 09:30 (Europe/London)". */
export function describeRule(rule: ScheduleRule): string {
  if (rule.kind === 'every') return `every ${formatMinutes(rule.minutes)}`;
  return `daily at ${pad2(rule.hour)}:${pad2(rule.minute)} (${rule.timeZone})`;
}

/** When a rule added at `createdAt` first runs: one interval later, or the next HH:MM in its zone. */
export function firstRun(rule: ScheduleRule, createdAt: Date): Date {
  if (rule.kind === 'every') return new Date(createdAt.getTime() + intervalMs(rule));
  return new Date(nextDailyAfter(rule, createdAt.getTime()));
}

/**
 * The run after the slot `due` that has just run, strictly after `now`. Slots missed while the bot was
 * down are skipped, so catching up posts once. `every` keeps its cadence (due + k × interval, k ≥ 1);
 * `daily` takes the next HH:MM in its zone after both `due` and `now`, so a slot never runs twice.
 */
export function nextRunAfter(rule: ScheduleRule, due: Date, now: Date): Date {
  const dueMs = due.getTime();
  const nowMs = now.getTime();
  if (rule.kind === 'every') {
    const interval = intervalMs(rule);
    const k = Math.max(1, Math.floor((nowMs - dueMs) / interval) + 1);
    return new Date(dueMs + k * interval);
  }
  return new Date(nextDailyAfter(rule, Math.max(dueMs, nowMs)));
}

function intervalMs(rule: { minutes: number }): number {
  if (!Number.isInteger(rule.minutes) || rule.minutes < 1) {
    throw new RangeError(`schedule interval must be a positive whole number of minutes, got ${rule.minutes}`);
  }
  return rule.minutes * MINUTE;
}

/** The first instant strictly after `afterMs` at which the zone's clock shows the rule's HH:MM (see DST notes). */
function nextDailyAfter(rule: Extract<ScheduleRule, { kind: 'daily' }>, afterMs: number): number {
  const localDay = Math.floor((afterMs + zoneOffset(rule.timeZone, afterMs)) / DAY);
  const timeOfDay = (rule.hour * 60 + rule.minute) * MINUTE;
  // Today's slot or tomorrow's almost always; the extra days cover clocks moving across midnight.
  for (let day = localDay; day <= localDay + 3; day++) {
    const instant = instantOfLocalTime(rule.timeZone, day * DAY + timeOfDay);
    if (instant > afterMs) return instant;
  }
  throw new RangeError(`no ${describeRule(rule)} run found after ${new Date(afterMs).toISOString()}`);
}
