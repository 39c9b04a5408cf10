// "Why wasn't it posted?" as messages: a schedule's recent delivery attempts (/schedule history) and
// what it does with one article (/schedule why). The CLI prints the same messages.
import { LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
import { type MessagePayload, noMentions } from '../core/payload.js';
import { WAITING_COUNTED } from '../scheduler/queue.js';
import { describeRule } from '../scheduler/rules.js';
import type { Explanation, PublishState } from '../scheduler/explain.js';
import type { Attempt, Schedule } from '../scheduler/types.js';
import type { ArticleCatalog } from '../store/catalog/types.js';
import { when } from './schedules.js';

export const HISTORY_LENGTH = 10;
const LINE = 380;

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

/** A link to a schedule's post: a forum post's message lives in its thread, which shares its id. */
export function postLink(schedule: Schedule, channelId: string, messageId: string): string {
  return messageLink(schedule.guildId, schedule.target.kind === 'forum' ? messageId : channelId, messageId);
}

const timeOf = (date: Date): string => `<t:${Math.floor(date.getTime() / 1000)}:f>`;

function describePublish(publish: PublishState | undefined): string {
  if (!publish || publish.state === 'none') return '';
  if (publish.state === 'published') return ` Published to following servers ${timeOf(publish.at)}.`;
  const { queued } = publish;
  const why = queued.lastError ? ` (last try: ${escapeDiscordText(truncate(queued.lastError, 200))})` : ' (the channel reached its publish limit)';
  return ` Waiting to be published, next try ${when(queued.dueAt)}${why}.`;
}

const titleOf = (articleId: string, titles: ReadonlyMap<string, string>): string =>
  `**${escapeDiscordText(truncate(titles.get(articleId) ?? articleId, 100))}**`;

function describeAttempt(attempt: Attempt, schedule: Schedule, titles: ReadonlyMap<string, string>): string {
  const what = titleOf(attempt.articleId, titles);
  const code = attempt.code !== null ? ` (code ${attempt.code})` : '';
  const reason = attempt.reason ? `: ${escapeDiscordText(attempt.reason)}` : '';
  const at = `<t:${Math.floor(attempt.at.getTime() / 1000)}:f>`;
  switch (attempt.outcome) {
    case 'posted':
      return `${at} · posted ${what}${attempt.messageId ? ` · [message](${postLink(schedule, attempt.channelId, attempt.messageId)})` : ''}${attempt.reason ? ` (${escapeDiscordText(attempt.reason)})` : ''}`;
    case 'skipped':
      return `${at} · skipped ${what}${code}${reason}`;
    case 'failed':
      return `${at} · failed ${what}${code}${reason}`;
    case 'unconfirmed':
      return `${at} · unconfirmed ${what}${reason}`;
    case 'pending':
      return `${at} · pending ${what}: sent or about to be, not yet confirmed`;
  }
}

/** The titles of the attempts' articles that the schedule's server can still see in the library. */
export async function attemptTitles(attempts: Attempt[], catalog: ArticleCatalog, guildId: string): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const id of new Set(attempts.map((attempt) => attempt.articleId))) {
    const article = await catalog.get(id, { guildId });
    if (article) titles.set(id, article.title);
  }
  return titles;
}

/** `titles` names the articles still in the library; the others are shown by id. */
export function buildHistoryMessage(schedule: Schedule, attempts: Attempt[], titles: ReadonlyMap<string, string>, color: number): MessagePayload {
  const lines = attempts.slice(0, HISTORY_LENGTH).map((attempt) => truncate(describeAttempt(attempt, schedule, titles), LINE));
  return {
    embeds: [{
      title: `Schedule ${schedule.id} · ${describeRule(schedule.rule)}`,
      color,
      description: truncate(lines.length ? lines.join('\n') : 'Nothing tried yet: no run has had an article to post.', LIMITS.description),
      footer: { text: `The last ${HISTORY_LENGTH} delivery attempts, newest first` },
    }],
    allowedMentions: noMentions(),
  };
}

/** One sentence on what the schedule does (or did) with the article. */
export function describeExplanation(explanation: Explanation, schedule: Schedule): string {
  const channel = `<#${schedule.channelId}>`;
  switch (explanation.kind) {
    case 'not-in-library':
      return 'It is not in the library (never added, or its file was removed).';
    case 'posted': {
      const link = explanation.messageId ? ` [See the message](${postLink(schedule, schedule.channelId, explanation.messageId)}).` : '';
      const by = explanation.byThisSchedule ? '' : ' (by another schedule or /news post)';
      const thread = schedule.target.threadPerArticle && explanation.threadId ? ` Its discussion thread: <#${explanation.threadId}>.` : '';
      return `Posted in ${channel}${explanation.at ? ` ${when(explanation.at)}` : ''}${by}.${link}${thread}${describePublish(explanation.publish)}`;
    }
    case 'skipped':
      return `Skipped: ${escapeDiscordText(explanation.reason)}. It will not be tried again in ${channel}.`;
    case 'pending': {
      const last = explanation.lastAttempt?.reason ? ` Last attempt: ${escapeDiscordText(explanation.lastAttempt.reason)}.` : '';
      if (explanation.posted) return `Posted; its discussion thread is still to be opened, and the next run goes on with it.${last}`;
      return `Being delivered since ${when(explanation.since)}, not yet confirmed; the next run checks whether it went out before sending.${last}`;
    }
    case 'filtered':
      return `Filtered out: it ${escapeDiscordText(explanation.reason)}.`;
    case 'older':
      if (explanation.backlog) {
        return "Older than the schedule: it came with its feed's first fetch, whose entries count as already there, never as new. Schedules post only entries that appear in the feed later (and their first run's backfill).";
      }
      return `Older than the schedule: it entered the library ${when(explanation.firstSeenAt)}, before the schedule started taking new articles ${when(explanation.newSince)}. Schedules post only newer ones (and their first run's backfill).`;
    case 'not-yet-published':
      return `Waiting for its published time ${when(explanation.publishedAt)}; it is not posted before then.`;
    case 'waiting': {
      const of = explanation.of >= WAITING_COUNTED ? `${WAITING_COUNTED.toLocaleString('en-US')}+` : String(explanation.of);
      const queue = `number ${explanation.position} of ${of} waiting${explanation.backfill ? ' (in the first run’s backfill)' : ''}`;
      const next = explanation.paused ? 'the schedule is paused; /schedule resume starts it again' : `next run ${when(explanation.nextRunAt)}, ${schedule.count} a run`;
      return `Waiting: ${queue}; ${next}.`;
    }
  }
}

export function buildWhyMessage(schedule: Schedule, article: { id: string; title?: string }, explanation: Explanation, color: number): MessagePayload {
  return {
    embeds: [{
      title: truncate(`Schedule ${schedule.id} and ${escapeDiscordText(article.title ?? article.id)}`, LIMITS.title),
      color,
      description: truncate(describeExplanation(explanation, schedule), LIMITS.description),
      footer: { text: article.id },
    }],
    allowedMentions: noMentions(),
  };
}
