// /schedule list: every schedule of a server with its rule, filter, next run, what waits for it and how
// its last run went. Laid out in pages that each stay inside Discord's embed limits whatever the
// number of schedules and the length of their queries, with Previous / Next buttons between pages.
import { type EmbedField, LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
import { type MessagePayload, noMentions } from '../core/payload.js';
import { paginateFields, pagerRows } from './paging.js';
import { describeTarget } from '../discord/target.js';
import { describeRule } from '../scheduler/rules.js';
import type { ExplainDeps } from '../scheduler/explain.js';
import { WAITING_COUNTED, waitingCount } from '../scheduler/queue.js';
import type { PublishBacklog, RunResult, Schedule } from '../scheduler/types.js';
import { when } from './schedules.js';

export const LIST_PREFIX = 'schedules';

export interface ListedSchedule {
  schedule: Schedule;
  /** Articles waiting for the next runs (backfill and new). */
  waiting: number;
  /** Posts waiting for their channel's publish limit. */
  publishing?: PublishBacklog;
}

/** Each reason is cut to this, so every line of a schedule fits in its field. */
const REASON = 280;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeResult(result: RunResult | null): string {
  if (!result) return 'not run yet';
  switch (result.kind) {
    case 'posted':
    case 'nothing-new': {
      const extra = [result.skipped ? `${result.skipped} skipped` : '', result.unconfirmed ? `${result.unconfirmed} unconfirmed` : ''].filter(Boolean).join(', ');
      return `${result.kind === 'posted' ? `posted ${result.count}` : 'nothing new'}${extra ? ` (${extra})` : ''}`;
    }
    case 'retrying':
      return `failed, retrying (${result.reason}; attempt ${result.attempts})`;
    case 'paused':
      return `paused: ${result.reason}`;
  }
}

/** "2 publishes waiting, next <t>", with the last failure when there was one. */
export function describeBacklog({ count, nextAt, lastError }: PublishBacklog): string {
  const next = nextAt ? `, next <t:${Math.floor(nextAt.getTime() / 1000)}:R>` : '';
  return `${count} publish${count === 1 ? '' : 'es'} waiting${next}${lastError ? ` (last try: ${truncate(lastError, 120)})` : ''}`;
}

export function describeSchedule({ schedule, waiting, publishing }: ListedSchedule): string {
  const filter = schedule.query ? ` matching “${escapeDiscordText(schedule.query)}”` : '';
  const how = describeTarget(schedule.target);
  const lines = [`<#${schedule.channelId}> · ${plural(schedule.count, 'article')} a run${filter}${how ? ` · ${how}` : ''}`];
  if (schedule.pausedReason) {
    lines.push(`**paused**: ${truncate(schedule.pausedReason, REASON)}`);
    if (schedule.noticeError) lines.push(`the server could not be told: ${truncate(schedule.noticeError, REASON)}`);
  } else {
    lines.push(`next ${when(schedule.retryAt ?? schedule.nextRunAt)} · ${waiting >= WAITING_COUNTED ? `${WAITING_COUNTED.toLocaleString('en-US')}+` : waiting} waiting`);
  }
  if (publishing?.count) lines.push(describeBacklog(publishing));
  lines.push(`last: ${truncate(describeResult(schedule.lastResult), REASON)}`);
  return lines.join('\n');
}

function field(item: ListedSchedule): EmbedField {
  return {
    name: truncate(`${item.schedule.id} · ${describeRule(item.schedule.rule)}`, LIMITS.fieldName),
    value: truncate(describeSchedule(item), LIMITS.fieldValue),
  };
}

export function listButtonId(page: number, tag: 'p' | 'n'): string {
  return `${LIST_PREFIX}:${tag}:${page}`;
}

export function parseListButtonId(customId: string): number | undefined {
  const match = /^schedules:[pn]:(\d{1,4})$/.exec(customId);
  return match ? Number(match[1]) : undefined;
}

export function buildScheduleList(items: ListedSchedule[], color: number, requestedPage = 0): MessagePayload {
  if (items.length === 0) {
    return { embeds: [{ title: 'News schedules', color, description: 'No schedules yet. Add one with /schedule add.' }], components: [], allowedMentions: noMentions() };
  }
  const pages = paginateFields(items.map(field));
  const page = Math.min(Math.max(0, requestedPage), pages.length - 1);
  const embed = {
    title: `News schedules (${items.length})`,
    color,
    fields: pages[page]!,
    ...(pages.length > 1 ? { footer: { text: `Page ${page + 1} of ${pages.length}` } } : {}),
  };
  const components = pagerRows(page, pages.length, listButtonId);
  return { embeds: [embed], components, allowedMentions: noMentions() };
}

/** The list as /schedule list shows it, with what waits for each schedule worked out now. */
export async function scheduleListMessage(schedules: Schedule[], deps: ExplainDeps, now: Date, color: number, page = 0): Promise<MessagePayload> {
  const items: ListedSchedule[] = [];
  for (const schedule of schedules) {
    const waiting = await waitingCount(schedule, deps.catalog, deps.deliveries, now);
    items.push({ schedule, waiting, publishing: await deps.publishes.backlog(schedule.id) });
  }
  return buildScheduleList(items, color, page);
}
