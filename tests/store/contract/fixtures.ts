// Small builders shared by the store contract tests.
import type { NewSchedule } from '../../../src/scheduler/types.js';

export const GUILD = '100000000000000001';
export const OTHER_GUILD = '100000000000000002';
export const CHANNEL = '300000000000000001';
export const T0 = new Date('2026-11-01T12:00:00Z');
export const MINUTE = 60_000;

export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MINUTE);

/** A schedule due `dueIn` minutes after T0 (negative: already due). */
export function newSchedule(id: string, dueIn = -1, extra: Partial<NewSchedule> = {}): NewSchedule {
  return {
    id,
    guildId: GUILD,
    channelId: CHANNEL,
    rule: { kind: 'every', minutes: 60 },
    count: 2,
    query: null,
    createdAt: at(-120),
    nextRunAt: at(dueIn),
    backfill: 1,
    ...extra,
  };
}
