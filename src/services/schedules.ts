// What /schedule does, apart from Discord: creating schedules within the per-server limit, and
// describing them for the list, the answers and autocomplete.
import { LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
import { type MessagePayload, noMentions } from '../core/payload.js';
import { newShortId } from '../core/short-id.js';
import { UserError } from '../errors.js';
import { parseFilter } from '../core/filter.js';
import { describeRule, firstRun, parseRule, type RuleInput } from '../scheduler/rules.js';
import type { RunResult, Schedule, SchedulesStore } from '../scheduler/types.js';
import { describeTarget, PLAIN_CHANNEL, type TargetOptions } from '../discord/target.js';
import type { Choice } from './news.js';

export const MAX_SCHEDULES_PER_GUILD = 25;
export const MAX_QUERY_LENGTH = 100;

export const MAX_BACKFILL = 10;
export const DEFAULT_BACKFILL = 1;

export interface AddScheduleInput extends RuleInput {
  guildId: string;
  channelId: string;
  count: number;
  query: string | null;
  /** Existing articles the first run posts (0 to 10, default 1). */
  backfill?: number | null;
  /** What the channel is and how to post there (checked by the command); default plain messages. */
  target?: TargetOptions;
}

export async function addSchedule(
  store: SchedulesStore,
  input: AddScheduleInput,
  now: Date,
  minIntervalMinutes: number,
  limit = MAX_SCHEDULES_PER_GUILD,
): Promise<Schedule> {
  const parsed = parseRule(input, { minIntervalMinutes });
  if (!parsed.ok) throw new UserError(parsed.error);
  if ((await store.countByGuild(input.guildId)) >= limit) {
    throw new UserError(`This server already has ${limit} schedules, the most allowed. Remove one with /schedule remove first.`);
  }
  const query = input.query?.trim() ? input.query.trim() : null;
  if (query !== null) {
    if (query.length > MAX_QUERY_LENGTH) throw new UserError(`The query can be at most ${MAX_QUERY_LENGTH} characters.`);
    const filter = parseFilter(query);
    if (!filter.ok) throw new UserError(filter.error);
  }
  const backfill = input.backfill ?? DEFAULT_BACKFILL;
  if (!Number.isInteger(backfill) || backfill < 0 || backfill > MAX_BACKFILL) throw new UserError(`backfill must be a whole number from 0 to ${MAX_BACKFILL}.`);
  const schedule = {
    guildId: input.guildId,
    channelId: input.channelId,
    target: input.target ?? { ...PLAIN_CHANNEL, tagIds: [] },
    rule: parsed.rule,
    count: Math.min(5, Math.max(1, Math.trunc(input.count))),
    query,
    createdAt: now,
    backfill,
    nextRunAt: firstRun(parsed.rule, now),
  };
  // Ids are random; on the rare clash, draw again.
  for (let attempt = 0; attempt <= 5; attempt++) {
    const id = newShortId();
    if (await store.create({ id, ...schedule })) {
      return { id, ...schedule, newSince: now, retryAt: null, failures: 0, pausedReason: null, pauseNotified: false, noticeError: null, lastRunAt: null, lastResult: null, lease: null };
    }
  }
  throw new Error('could not draw a free schedule id in 6 tries');
}

/** A time as Discord shows it to each reader: full date and time in their zone, and how far off it is. */
export const when = (date: Date): string => `<t:${Math.floor(date.getTime() / 1000)}:f> (<t:${Math.floor(date.getTime() / 1000)}:R>)`;

export function addedMessage(schedule: Schedule, tagNames: readonly string[] = []): string {
  const how = describeTarget(schedule.target, tagNames.map((name) => escapeDiscordText(name)));
  return `Schedule \`${schedule.id}\` added: ${describeRule(schedule.rule)} in <#${schedule.channelId}>${how ? ` (${how})` : ''}, first run ${when(schedule.nextRunAt)}.`;
}

export function runMessage(schedule: Schedule, result: RunResult | undefined): string {
  if (!result) return `Schedule \`${schedule.id}\` is running right now; try again in a moment.`;
  const channel = `<#${schedule.channelId}>`;
  switch (result.kind) {
    case 'posted':
      return `Posted ${result.count} article${result.count === 1 ? '' : 's'} in ${channel}.`;
    case 'nothing-new':
      return `Nothing new for ${channel}: every matching article has been posted there already.`;
    case 'retrying':
      return `Posting in ${channel} failed for now (${result.reason}). It will be tried again.`;
    case 'paused':
      return `The schedule is paused: ${result.reason}. Fix that, then use /schedule resume.`;
  }
}

/** Autocomplete for the schedule id option: this server's schedules, matching id, channel or rule. */
export function scheduleChoices(schedules: Schedule[], input: string, channelName: (id: string) => string | undefined): Choice[] {
  const needle = input.trim().toLowerCase();
  return schedules
    .map((schedule) => ({
      name: truncate(`${schedule.id} · #${channelName(schedule.channelId) ?? schedule.channelId} · ${describeRule(schedule.rule)}${schedule.pausedReason ? ' · paused' : ''}`, LIMITS.choiceName),
      value: schedule.id,
    }))
    .filter((choice) => !needle || choice.name.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices);
}
