import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  DEFAULT_MIN_INTERVAL_MINUTES,
  describeRule,
  firstRun,
  isValidTimeZone,
  nextRunAfter,
  parseRule,
  searchTimeZones,
  type RuleInput,
  type ScheduleRule,
} from '../../src/scheduler/rules.js';

const defaults = { minIntervalMinutes: DEFAULT_MIN_INTERVAL_MINUTES };
const at = (iso: string): Date => new Date(iso);
const daily = (timeZone: string, hour: number, minute: number): ScheduleRule => ({ kind: 'daily', hour, minute, timeZone });
const every = (minutes: number): ScheduleRule => ({ kind: 'every', minutes });

const EVERY_FORMAT = '`every` takes a number and a unit: 15m, 2h or 1d (at least 5m).';
const AT_FORMAT = '`at` takes a 24-hour time as HH:MM, like 09:30 or 18:05.';
const BAD_ZONE = '`timezone` must be a time zone from the list, like Europe/London or America/New_York.';
const NEITHER = 'Give `every` (like 15m, 2h or 1d) or `at` (a daily time like 09:30).';
const BOTH = 'Use either `every` or `at`, not both.';

/** Plays a scheduler with a clock ticking every `stepMinutes`: runs what is due once, then asks for the next. */
function simulate(rule: ScheduleRule, createdAt: string, until: string, stepMinutes = 1): string[] {
  const runs: string[] = [];
  let next = firstRun(rule, at(createdAt));
  for (let t = at(createdAt).getTime(); t <= at(until).getTime(); t += stepMinutes * 60_000) {
    if (next.getTime() <= t) {
      runs.push(next.toISOString());
      next = nextRunAfter(rule, next, new Date(t));
    }
  }
  return runs;
}

describe('parseRule', () => {
  it.each<[string, RuleInput, ScheduleRule]>([
    ['minutes', { every: '15m' }, every(15)],
    ['hours', { every: '2h' }, every(120)],
    ['a day', { every: '1d' }, every(1440)],
    ['minutes past an hour', { every: '90m' }, every(90)],
    ['hours and minutes', { every: '1h30m' }, every(90)],
    ['parts with a space', { every: '1d 12h' }, every(2160)],
    ['upper case and padding', { every: ' 2H ' }, every(120)],
    ['the minimum', { every: '5m' }, every(5)],
    ['the maximum', { every: '7d' }, every(10_080)],
    ['every with a timezone (ignored)', { every: '2h', timezone: 'Europe/London' }, every(120)],
    ['blank at and null timezone', { every: '2h', at: '  ', timezone: null }, every(120)],
    ['a daily time, UTC by default', { at: '09:30' }, daily('UTC', 9, 30)],
    ['a one-digit hour', { at: '9:05', timezone: 'Europe/London' }, daily('Europe/London', 9, 5)],
    ['midnight', { at: '00:00', timezone: 'America/New_York' }, daily('America/New_York', 0, 0)],
    ['the last minute', { at: '23:59' }, daily('UTC', 23, 59)],
    ['a lower-case zone', { at: '07:45', timezone: 'europe/london' }, daily('Europe/London', 7, 45)],
    ['spaces for underscores', { at: ' 18:05 ', timezone: 'america/new york' }, daily('America/New_York', 18, 5)],
    ['an old zone spelling', { at: '12:00', timezone: 'Asia/Calcutta' }, daily('Asia/Kolkata', 12, 0)],
    ['utc in any case', { at: '12:00', timezone: 'utc' }, daily('UTC', 12, 0)],
  ])('accepts %s', (_name, input, rule) => {
    expect(parseRule(input, defaults)).toEqual({ ok: true, rule });
  });

  it.each<[string, RuleInput, string]>([
    ['a word', { every: 'abc' }, EVERY_FORMAT],
    ['seconds', { every: '1s' }, EVERY_FORMAT],
    ['a bare number', { every: '15' }, EVERY_FORMAT],
    ['a bare unit', { every: 'm' }, EVERY_FORMAT],
    ['a negative number', { every: '-5m' }, EVERY_FORMAT],
    ['a fraction', { every: '1.5h' }, EVERY_FORMAT],
    ['units out of order', { every: '30m1h' }, EVERY_FORMAT],
    ['a repeated unit', { every: '1h1h' }, EVERY_FORMAT],
    ['less than the minimum', { every: '2m' }, '`every` must be at least 5m.'],
    ['zero', { every: '0m' }, '`every` must be at least 5m.'],
    ['more than a week', { every: '8d' }, '`every` can be at most 7d.'],
    ['a week and a minute', { every: '7d1m' }, '`every` can be at most 7d.'],
    ['neither every nor at', {}, NEITHER],
    ['only blanks', { every: ' ', at: '', timezone: '' }, NEITHER],
    ['both every and at', { every: '2h', at: '09:00' }, BOTH],
    ['hour 24', { at: '24:00' }, AT_FORMAT],
    ['one-digit minutes', { at: '9:5' }, AT_FORMAT],
    ['minute 60', { at: '12:60' }, AT_FORMAT],
    ['no colon', { at: '1230' }, AT_FORMAT],
    ['seconds in at', { at: '12:30:00' }, AT_FORMAT],
    ['a word for at', { at: 'noon' }, AT_FORMAT],
    ['an unknown zone', { at: '09:00', timezone: 'Mars/Olympus_Mons' }, BAD_ZONE],
    ['an offset instead of a zone', { at: '09:00', timezone: 'GMT+1' }, BAD_ZONE],
    ['an unknown zone with every', { every: '1h', timezone: 'Nowhere' }, BAD_ZONE],
    ['a bad time and a bad zone, both reported', { at: '24:00', timezone: 'Nowhere' }, `${AT_FORMAT}\n${BAD_ZONE}`],
  ])('rejects %s with a message saying what is accepted', (_name, input, error) => {
    expect(parseRule(input, defaults)).toEqual({ ok: false, error });
  });

  it.each<[string, number, string, ScheduleRule | string]>([
    ['default minimum rejects 4m', 5, '4m', '`every` must be at least 5m.'],
    ['lowered minimum accepts 1m', 1, '1m', every(1)],
    ['lowered minimum still rejects 0m', 1, '0m', '`every` must be at least 1m.'],
    ['lowered minimum shows in the format hint', 1, '1s', '`every` takes a number and a unit: 15m, 2h or 1d (at least 1m).'],
    ['a one-hour minimum reads as 1h', 60, '30m', '`every` must be at least 1h.'],
  ])('minimum interval from options: %s', (_name, minIntervalMinutes, text, expected) => {
    const result = parseRule({ every: text }, { minIntervalMinutes });
    expect(result).toEqual(typeof expected === 'string' ? { ok: false, error: expected } : { ok: true, rule: expected });
  });
});

describe('describeRule', () => {
  it.each<[ScheduleRule, string]>([
    [every(15), 'every 15m'],
    [every(120), 'every 2h'],
    [every(90), 'every 1h30m'],
    [every(1440), 'every 1d'],
    [every(1830), 'every 1d6h30m'],
    [daily('Europe/London', 9, 30), 'daily at 09:30 (Europe/London)'],
    [daily('UTC', 0, 5), 'daily at 00:05 (UTC)'],
  ])('%j reads as %s', (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });
});

describe('firstRun', () => {
  it.each<[string, ScheduleRule, string, string]>([
    ['every runs one interval after it is added', every(15), '2026-05-01T10:07:30.000Z', '2026-05-01T10:22:30.000Z'],
    ['every 1d runs a day later', every(1440), '2026-05-01T10:00:00.000Z', '2026-05-02T10:00:00.000Z'],
    ['daily later today', daily('UTC', 18, 0), '2026-05-01T10:00:00.000Z', '2026-05-01T18:00:00.000Z'],
    ['daily already past today', daily('UTC', 9, 0), '2026-05-01T10:00:00.000Z', '2026-05-02T09:00:00.000Z'],
    ['daily added at that very minute waits a day', daily('UTC', 10, 0), '2026-05-01T10:00:00.000Z', '2026-05-02T10:00:00.000Z'],
    ['daily in London summer time', daily('Europe/London', 9, 30), '2026-05-01T10:00:00.000Z', '2026-05-02T08:30:00.000Z'],
    ['daily in New York, already the next day in UTC', daily('America/New_York', 21, 0), '2026-01-15T20:00:00.000Z', '2026-01-16T02:00:00.000Z'],
    ['daily in Tokyo, still the previous day in UTC', daily('Asia/Tokyo', 8, 0), '2026-01-15T20:00:00.000Z', '2026-01-15T23:00:00.000Z'],
  ])('%s', (_name, rule, createdAt, expected) => {
    expect(firstRun(rule, at(createdAt)).toISOString()).toBe(expected);
  });
});

describe('nextRunAfter', () => {
  it.each<[string, ScheduleRule, string, string, string]>([
    ['every keeps its cadence when on time', every(120), '2026-05-01T10:00:00.000Z', '2026-05-01T10:00:05.000Z', '2026-05-01T12:00:00.000Z'],
    ['every skips slots missed in a short outage', every(15), '2026-05-01T10:00:00.000Z', '2026-05-01T10:50:00.000Z', '2026-05-01T11:00:00.000Z'],
    ['every skips a slot that is exactly now', every(15), '2026-05-01T10:00:00.000Z', '2026-05-01T10:15:00.000Z', '2026-05-01T10:30:00.000Z'],
    ['every after 3 days down', every(120), '2026-05-01T10:00:00.000Z', '2026-05-04T11:00:00.000Z', '2026-05-04T12:00:00.000Z'],
    ['every with a clock behind the slot still moves on', every(60), '2026-05-01T10:00:00.000Z', '2026-05-01T09:59:00.000Z', '2026-05-01T11:00:00.000Z'],
    ['daily on time runs tomorrow', daily('UTC', 9, 0), '2026-05-01T09:00:00.000Z', '2026-05-01T09:00:02.000Z', '2026-05-02T09:00:00.000Z'],
    ['daily after 3 days down, before today\'s slot', daily('UTC', 9, 0), '2026-05-01T09:00:00.000Z', '2026-05-04T08:00:00.000Z', '2026-05-04T09:00:00.000Z'],
    ['daily after 3 days down, after today\'s slot', daily('UTC', 9, 0), '2026-05-01T09:00:00.000Z', '2026-05-04T10:00:00.000Z', '2026-05-05T09:00:00.000Z'],
    ['daily with a clock behind the slot never repeats it', daily('UTC', 9, 0), '2026-05-01T09:00:00.000Z', '2026-05-01T08:59:00.000Z', '2026-05-02T09:00:00.000Z'],
  ])('%s', (_name, rule, due, now, expected) => {
    const next = nextRunAfter(rule, at(due), at(now));
    expect(next.toISOString()).toBe(expected);
    expect(next.getTime()).toBeGreaterThan(at(now).getTime());
  });

  it.each<[string, ScheduleRule]>([
    ['every 2h', every(120)],
    ['every 5m', every(5)],
    ['daily in New York', daily('America/New_York', 9, 0)],
  ])('a bot down for 3 days posts %s once on start, then waits for a future slot', (_name, rule) => {
    const createdAt = '2026-05-01T00:00:00.000Z';
    const restart = at('2026-05-04T13:07:00.000Z');
    let next = firstRun(rule, at(createdAt));
    let runsOnStart = 0;
    while (next.getTime() <= restart.getTime()) {
      runsOnStart += 1;
      next = nextRunAfter(rule, next, restart);
    }
    expect(runsOnStart).toBe(1);
    expect(next.getTime()).toBeGreaterThan(restart.getTime());
    expect(next.getTime() - restart.getTime()).toBeLessThanOrEqual(24 * 60 * 60_000);
  });

  it('a bot ticking every minute posts every 15m at each slot, no more, no less', () => {
    const runs = simulate(every(15), '2026-05-01T10:00:00.000Z', '2026-05-01T11:00:00.000Z');
    expect(runs).toEqual(['10:15', '10:30', '10:45', '11:00'].map((hm) => `2026-05-01T${hm}:00.000Z`));
  });
});

describe('daily rules across daylight-saving changes', () => {
  // [case, zone, HH, MM, a moment before the day, the run on the day (UTC), the run the day after (UTC)]
  it.each<[string, string, number, number, string, string, string]>([
    // London: 2026-03-29 01:00 GMT → 02:00 BST (01:00 UTC); 2026-10-25 02:00 BST → 01:00 GMT (01:00 UTC).
    ['London spring forward, 01:30 is skipped: runs as clocks jump, 02:00 BST', 'Europe/London', 1, 30, '2026-03-28T12:00:00Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
    ['London spring forward, 02:30 exists in BST', 'Europe/London', 2, 30, '2026-03-28T12:00:00Z', '2026-03-29T01:30:00.000Z', '2026-03-30T01:30:00.000Z'],
    ['London fall back, 01:30 happens twice: the first (BST)', 'Europe/London', 1, 30, '2026-10-24T12:00:00Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    // New York: 2026-03-08 02:00 EST → 03:00 EDT (07:00 UTC); 2026-11-01 02:00 EDT → 01:00 EST (06:00 UTC).
    ['New York spring forward, 02:30 is skipped: runs at 03:00 EDT', 'America/New_York', 2, 30, '2026-03-07T12:00:00Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'],
    ['New York fall back, 01:30 happens twice: the first (EDT)', 'America/New_York', 1, 30, '2026-10-31T12:00:00Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ['New York fall back, 09:00 moves with the clock', 'America/New_York', 9, 0, '2026-10-31T20:00:00Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'],
    // Sydney: 2026-10-04 02:00 AEST → 03:00 AEDT (16:00 UTC the day before).
    ['Sydney spring forward, 02:30 is skipped: runs at 03:00 AEDT', 'Australia/Sydney', 2, 30, '2026-10-03T00:00:00Z', '2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z'],
    // Lord Howe moves by 30 minutes: 2026-10-04 02:00 → 02:30 (+10:30 → +11); 2026-04-05 02:00 → 01:30.
    ['Lord Howe spring forward, 02:15 is skipped: runs at 02:30', 'Australia/Lord_Howe', 2, 15, '2026-10-03T00:00:00Z', '2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z'],
    ['Lord Howe fall back, 01:45 happens twice: the first', 'Australia/Lord_Howe', 1, 45, '2026-04-04T00:00:00Z', '2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z'],
    // Jerusalem's 2026-03-27 jump (02:00 → 03:00) falls exactly on 00:00 UTC: once found at the wrong instant.
    ['Jerusalem spring forward on a UTC midnight, 02:30 runs at 03:00', 'Asia/Jerusalem', 2, 30, '2026-03-26T12:00:00Z', '2026-03-27T00:00:00.000Z', '2026-03-27T23:30:00.000Z'],
    // Santiago moves its clocks at midnight: 2026-09-06 00:00 → 01:00 (-04 → -03).
    ['Santiago spring forward at midnight, 00:30 runs at 01:00', 'America/Santiago', 0, 30, '2026-09-05T12:00:00Z', '2026-09-06T04:00:00.000Z', '2026-09-07T03:30:00.000Z'],
  ])('%s', (_name, zone, hour, minute, before, onTheDay, dayAfter) => {
    const rule = daily(zone, hour, minute);
    const first = firstRun(rule, at(before));
    expect(first.toISOString()).toBe(onTheDay);
    expect(nextRunAfter(rule, first, first).toISOString()).toBe(dayAfter);
    // A scheduler ticking each minute over the change runs it exactly once on the day.
    expect(simulate(rule, before, dayAfter)).toEqual([onTheDay, dayAfter]);
  });
});

describe('daily rules in zones with odd offsets', () => {
  it.each<[string, string, number, number, string, string]>([
    ['Kolkata is UTC+5:30', 'Asia/Kolkata', 9, 0, '2026-05-01T00:00:00Z', '2026-05-01T03:30:00.000Z'],
    ['Kathmandu is UTC+5:45', 'Asia/Kathmandu', 9, 0, '2026-05-01T00:00:00Z', '2026-05-01T03:15:00.000Z'],
    ['Kathmandu just after midnight is the previous day in UTC', 'Asia/Kathmandu', 0, 10, '2026-05-01T00:00:00Z', '2026-05-01T18:25:00.000Z'],
    ['Chatham is UTC+12:45 in winter', 'Pacific/Chatham', 12, 0, '2026-07-01T00:00:00Z', '2026-07-01T23:15:00.000Z'],
    ['Lord Howe is UTC+10:30 in winter', 'Australia/Lord_Howe', 9, 0, '2026-07-01T00:00:00Z', '2026-07-01T22:30:00.000Z'],
  ])('%s', (_name, zone, hour, minute, createdAt, expected) => {
    expect(firstRun(daily(zone, hour, minute), at(createdAt)).toISOString()).toBe(expected);
  });
});

describe('time zone names', () => {
  it.each<[string, string | undefined]>([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['  AMERICA/NEW_YORK ', 'America/New_York'],
    ['america/new york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['Mars/Olympus_Mons', undefined],
    ['London', undefined],
    ['', undefined],
    ['GMT+1', undefined],
  ])('%j is %j', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
    expect(isValidTimeZone(name)).toBe(canonical !== undefined);
  });

  it('accepts every zone this runtime lists, and computes runs in each', () => {
    for (const listed of Intl.supportedValuesOf('timeZone')) {
      const zone = canonicalTimeZone(listed);
      expect(zone, listed).toBeDefined();
      const run = firstRun(daily(zone ?? 'UTC', 12, 0), at('2026-05-01T00:00:00Z'));
      expect(run.getTime() - at('2026-05-01T00:00:00Z').getTime()).toBeLessThanOrEqual(2 * 24 * 60 * 60_000);
    }
  });
});

describe('searchTimeZones', () => {
  it.each<[string, string]>([
    ['europe/lon', 'Europe/London'],
    ['Europe/London', 'Europe/London'],
    ['new york', 'America/New_York'],
    ['new_york', 'America/New_York'],
    ['NEW YORK', 'America/New_York'],
    ['london', 'Europe/London'],
    ['kolkata', 'Asia/Kolkata'],
    ['calcutta', 'Asia/Kolkata'],
    ['utc', 'UTC'],
  ])('%j finds %s first', (query, zone) => {
    expect(searchTimeZones(query)[0]).toBe(zone);
  });

  it('puts names starting with the query first, then names with a part starting with it, then the rest', () => {
    const results = searchTimeZones('ant');
    const parts = results.findIndex((zone) => !zone.startsWith('Antarctica/'));
    expect(parts).toBeGreaterThan(0);
    expect(results.slice(parts).some((zone) => zone.startsWith('Antarctica/'))).toBe(false);
    expect(results.slice(parts, parts + 2)).toEqual(['America/Antigua', 'Indian/Antananarivo']);
    expect(results.slice(parts + 2)).toEqual(expect.arrayContaining(['America/Santiago', 'Atlantic/Azores']));
  });

  it('returns at most 25 names, or fewer when asked', () => {
    expect(searchTimeZones('america')).toHaveLength(25);
    expect(searchTimeZones('a', 100)).toHaveLength(25);
    expect(searchTimeZones('america', 3)).toEqual(['America/Adak', 'America/Anchorage', 'America/Anguilla']);
  });

  it('offers a default list starting with UTC for an empty query', () => {
    const results = searchTimeZones('  ');
    expect(results[0]).toBe('UTC');
    expect(results).toContain('Europe/London');
    expect(results).toContain('America/New_York');
    expect(results.length).toBeLessThanOrEqual(25);
    expect(searchTimeZones('', 5)).toHaveLength(5);
  });

  it('finds nothing for a query matching no zone', () => {
    expect(searchTimeZones('atlantis')).toEqual([]);
  });
});
