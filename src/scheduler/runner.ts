// Runs a schedule: posts its articles into its channel with the delivery guarantees.
// - Never twice: each (channel, article) is claimed in SQLite before sending, and the send carries a
//   nonce with enforce_nonce; a claim left pending by a crash is resent with the same nonce, or, when
//   that nonce is too old for Discord to deduplicate, first looked for among the channel's recent posts.
// - Never silently lost: transient failures keep the claim and retry with backoff; permanent ones
//   pause the schedule with the reason and tell the server once.
import { randomBytes } from 'node:crypto';
import type { Article } from '../core/article.js';
import { buildNotice } from '../core/layout.js';
import { LIMITS, truncate } from '../core/limits.js';
import type { MessagePayload } from '../core/payload.js';
import { onlyRole } from '../core/payload.js';
import type { Clock } from '../deps.js';
import type { ChannelPoster } from '../discord/poster.js';
import type { Logger } from '../logger.js';
import type { NewsService } from '../services/news.js';
import { type GuildSettings, type GuildSettingsStore, styleOf } from '../store/guild-settings.js';
import { classifySendError, retryDelay } from './failures.js';
import { CandidateCache, pickArticles } from './plan.js';
import { nextRunAfter } from './rules.js';
import type { DeliveriesStore, RunResult, Schedule, SchedulesStore } from './types.js';

/** Discord deduplicates a nonce for a few minutes; older pending claims are checked against the channel. */
const NONCE_TRUST_MS = 4 * 60_000;

/** Finds a channel where the server can be told about a paused schedule. */
export type NoticeChannelFinder = (guildId: string, settings: GuildSettings, avoidChannelId: string) => string | undefined;

export interface RunnerDeps {
  schedules: SchedulesStore;
  deliveries: DeliveriesStore;
  settings: GuildSettingsStore;
  news: NewsService;
  poster: ChannelPoster;
  clock: Clock;
  logger: Logger;
  noticeChannel: NoticeChannelFinder;
}

export function newNonce(): string {
  // 24 url-safe characters: within Discord's 25-character nonce limit.
  return randomBytes(18).toString('base64url');
}

type SendOutcome = { ok: true } | { ok: false; error: unknown };

export class ScheduleRunner {
  private readonly running = new Set<string>();

  constructor(private readonly deps: RunnerDeps) {}

  isRunning(scheduleId: string): boolean {
    return this.running.has(scheduleId);
  }

  /**
   * Runs one schedule now. A scheduled run moves the schedule to its next slot; a manual run
   * (/schedule run) leaves the cadence alone. Returns undefined when the schedule is already running.
   */
  async run(schedule: Schedule, { manual = false, cache }: { manual?: boolean; cache?: CandidateCache } = {}): Promise<RunResult | undefined> {
    if (this.running.has(schedule.id)) return undefined;
    this.running.add(schedule.id);
    try {
      return await this.runLocked(schedule, manual, cache ?? new CandidateCache(this.deps.news.library));
    } finally {
      this.running.delete(schedule.id);
    }
  }

  private async runLocked(schedule: Schedule, manual: boolean, cache: CandidateCache): Promise<RunResult> {
    const { deliveries, news, logger, clock } = this.deps;
    const settings = await this.deps.settings.get(schedule.guildId);
    const style = styleOf(settings);
    let mention = settings.mentionRoleId;
    let posted = 0;

    const send = async (article: Article, nonce: string): Promise<SendOutcome> => {
      const payload: MessagePayload = news.summaryFor(article, style);
      // The mention role is pinged once a run, on its first post, and no other mention is allowed.
      if (mention) Object.assign(payload, { content: `<@&${mention}>`, allowedMentions: onlyRole(mention) });
      try {
        const message = await this.deps.poster.send(schedule.channelId, payload, { nonce });
        await deliveries.markSent(schedule.channelId, article.id, message.id, clock.now());
        mention = null;
        posted++;
        return { ok: true };
      } catch (error) {
        return { ok: false, error };
      }
    };

    // First, claims an earlier run recorded but never confirmed.
    for (const pending of await deliveries.pending(schedule.channelId)) {
      if (posted >= schedule.count) break;
      const article = news.library.get(pending.articleId);
      if (!article) {
        await deliveries.release(schedule.channelId, pending.articleId);
        continue;
      }
      if (clock.now().getTime() - pending.claimedAt.getTime() > NONCE_TRUST_MS) {
        const existing = await this.deps.poster.findRecent(schedule.channelId, article.id).catch(() => undefined);
        if (existing) {
          await deliveries.markSent(schedule.channelId, article.id, existing, clock.now());
          logger.info({ scheduleId: schedule.id, articleId: article.id }, 'a post from an interrupted run was found; not sending it again');
          continue;
        }
      }
      const outcome = await send(article, pending.nonce);
      if (!outcome.ok) return this.fail(schedule, article, outcome.error, manual);
    }

    // Then new articles, newest first.
    const claimed = await deliveries.claimedArticleIds(schedule.channelId);
    for (const article of pickArticles(cache.candidates(schedule.query), claimed, schedule.count - posted)) {
      const nonce = newNonce();
      // The intent is on disk before the message exists, so a crash cannot lead to a second post.
      const mine = await deliveries.claim({ channelId: schedule.channelId, articleId: article.id, scheduleId: schedule.id, nonce, claimedAt: clock.now() });
      if (!mine) continue;
      const outcome = await send(article, nonce);
      if (!outcome.ok) return this.fail(schedule, article, outcome.error, manual);
    }

    const result: RunResult = posted > 0 ? { kind: 'posted', count: posted } : { kind: 'nothing-new' };
    const now = clock.now();
    await this.deps.schedules.update(schedule.id, {
      lastRunAt: now,
      lastResult: result,
      failures: 0,
      retryAt: null,
      ...(manual ? {} : { nextRunAt: nextRunAfter(schedule.rule, schedule.nextRunAt, now) }),
    });
    logger.info({ scheduleId: schedule.id, guildId: schedule.guildId, channelId: schedule.channelId, posted, manual }, 'schedule ran');
    return result;
  }

  private async fail(schedule: Schedule, article: Article, error: unknown, manual: boolean): Promise<RunResult> {
    const { deliveries, schedules, clock, logger } = this.deps;
    const failure = classifySendError(error, schedule.channelId);
    const now = clock.now();
    if (failure.kind === 'transient') {
      // The claim stays pending with its nonce: the retry cannot produce a second message.
      const attempts = schedule.failures + 1;
      const result: RunResult = { kind: 'retrying', reason: failure.reason, attempts };
      logger.warn({ err: error, scheduleId: schedule.id, articleId: article.id, attempts }, 'scheduled post failed; will retry');
      await schedules.update(schedule.id, { lastRunAt: now, lastResult: result, failures: attempts, ...(manual ? {} : { retryAt: new Date(now.getTime() + retryDelay(attempts)) }) });
      return result;
    }
    // Discord refused outright, so nothing was posted: free the article for when the schedule resumes.
    await deliveries.release(schedule.channelId, article.id);
    const result: RunResult = { kind: 'paused', reason: failure.reason };
    logger.warn({ err: error, scheduleId: schedule.id, guildId: schedule.guildId, reason: failure.reason }, 'schedule paused');
    await schedules.update(schedule.id, { lastRunAt: now, lastResult: result, pausedReason: failure.reason, retryAt: null, failures: 0 });
    if (!schedule.pauseNotified) await this.notifyPaused(schedule, failure.reason);
    return result;
  }

  private async notifyPaused(schedule: Schedule, reason: string): Promise<void> {
    const { logger, schedules } = this.deps;
    // Marked first: the server hears about a pause once, even if the notice itself fails.
    await schedules.update(schedule.id, { pauseNotified: true });
    const settings = await this.deps.settings.get(schedule.guildId);
    const channelId = this.deps.noticeChannel(schedule.guildId, settings, schedule.channelId);
    if (!channelId) {
      logger.info({ scheduleId: schedule.id, guildId: schedule.guildId }, 'no channel to announce the paused schedule in');
      return;
    }
    const text = truncate(
      `The news schedule \`${schedule.id}\` for <#${schedule.channelId}> is paused. ${reason}. ` +
        `Fix that, then run \`/schedule resume id:${schedule.id}\`.`,
      LIMITS.content,
    );
    await this.deps.poster.send(channelId, buildNotice(text)).catch((error: unknown) => logger.warn({ err: error, scheduleId: schedule.id }, 'could not announce the paused schedule'));
  }
}
