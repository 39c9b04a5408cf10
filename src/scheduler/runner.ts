// Runs a schedule: posts its articles to its target (a channel, a forum or a thread) with the delivery
// guarantees.
// - Never twice: each (channel, article) is claimed in the database before sending; the steps of each
//   post (deliver.ts) are recorded as they are done, and a claim left pending by a crash is looked for
//   before anything is made again (or resent with its nonce while Discord still remembers it). When
//   it cannot be looked for, the claim stays pending: never resent blind.
// - No poison pills: an article Discord refuses for good is skipped with its reason; the run goes on.
// - Never silently lost: passing failures keep the claim and retry with backoff; channel failures pause
//   the schedule with the reason and tell the server once; every attempt is in the delivery log.
import { randomBytes } from 'node:crypto';
import type { CatalogArticle as Article } from '../store/catalog/types.js';
import { LIMITS, truncate } from '../core/limits.js';
import { type MessagePayload, onlyRole } from '../core/payload.js';
import type { Clock } from '../deps.js';
import { asSendFailure, type SendFailure } from '../discord/send-failure.js';
import { type NoticeChannelFinder, tellServer } from '../discord/server-notice.js';
import type { Target } from '../discord/target.js';
import type { TargetPoster } from '../discord/targets.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { ArticleCatalog } from '../store/catalog/types.js';
import type { NewsService } from '../services/news.js';
import { type GuildSettings, type GuildSettingsStore, styleOf } from '../store/guild-settings.js';
import type { DeliverySteps } from './deliver.js';
import { retryDelay } from './failures.js';
import { backfillArticles, viewOf } from './queue.js';
import { nextRunAfter } from './rules.js';
import type { DeliveriesStore, Delivery, DeliveryLog, RunResult, Schedule, SchedulePatch, SchedulesStore } from './types.js';

export { NONCE_TRUST_MS } from './deliver.js';

/**
 * How long a run's lease on its schedule lasts without renewal. Renewed every third of it while the run
 * goes on, so only a process that died (or hung) loses it; another then takes the run over. Shorter
 * than NONCE_TRUST_MS, so a send the dead process left pending is resent with its nonce, which Discord
 * answers with the first message if that one went out.
 */
export const LEASE_MS = 15_000;

/** Queued articles read beyond a run's `count`, so one Discord refuses does not shorten the run. */
const QUEUE_SPARE = 5;


export interface RunnerDeps {
  schedules: SchedulesStore;
  deliveries: DeliveriesStore;
  log: DeliveryLog;
  settings: GuildSettingsStore;
  news: NewsService;
  /** For pause notices; posts go through `steps`. */
  poster: TargetPoster;
  steps: DeliverySteps;
  clock: Clock;
  logger: Logger;
  noticeChannel: NoticeChannelFinder;
  /** For the jitter on retry delays; tests pass a fixed one. */
  random?: () => number;
  metrics?: Metrics;
  catalog: ArticleCatalog;
  /** This process, as the owner of the leases it takes (ops/instance.ts). */
  owner: string;
  leaseMs?: number;
}

/** A lease kept alive while a run goes on; `lost` once another process has taken it over. */
interface HeldLease {
  lost: boolean;
  stop(): void;
}

export function newNonce(): string {
  // 24 url-safe characters: within Discord's 25-character nonce limit.
  return randomBytes(18).toString('base64url');
}

/** How one article went; anything but 'posted' or 'skipped' ends the run with that result. */
type Step = 'posted' | 'skipped' | RunResult;

/** The state of one run in progress. */
interface Run {
  schedule: Schedule;
  manual: boolean;
  settings: GuildSettings;
  /** The run's slot: the time it was due (or, run by hand, when it started). */
  slot: Date;
  /** The role the next new claim pings; null once this run's ping is claimed (here or before a crash). */
  mention: string | null;
  posted: number;
  skipped: number;
  unconfirmed: number;
}

export class ScheduleRunner {
  private readonly running = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: RunnerDeps) {}

  isRunning(scheduleId: string): boolean {
    return this.running.has(scheduleId);
  }

  /** No new claims or sends from now on; a send in flight finishes, or its claim stays pending. */
  stop(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? LEASE_MS;
  }

  /**
   * Runs one schedule now, holding its lease: `leased` when the scheduler took it with claimDue, else
   * (a run by hand) the lease is taken here. A scheduled run moves the schedule to its next slot; a
   * manual run leaves the cadence alone. Returns undefined when the schedule is running here or in
   * another process, or when the runner stops or loses the lease first: the schedule is then left as
   * it was (its lease given back), to run again.
   */
  async run(schedule: Schedule, { manual = false, leased = false }: { manual?: boolean; leased?: boolean } = {}): Promise<RunResult | undefined> {
    const { schedules, owner, clock } = this.deps;
    if (this.running.has(schedule.id) || this.stopping) return undefined;
    this.running.add(schedule.id);
    let lease: HeldLease | undefined;
    try {
      // A lease taken a while ago is renewed first, which also proves it is still ours.
      const current = leased
        ? (await schedules.renewLease(schedule.id, owner, new Date(clock.now().getTime() + this.leaseMs))) ? schedule : undefined
        : await schedules.leaseOne(schedule.id, clock.now(), owner, this.leaseMs);
      if (!current) return undefined;
      lease = this.keepLease(current.id);
      const result = await this.runLocked(current, manual, lease);
      if (result === undefined) await schedules.releaseLease(current.id, owner);
      return result;
    } catch (error) {
      await schedules.releaseLease(schedule.id, owner).catch(() => undefined);
      throw error;
    } finally {
      lease?.stop();
      this.running.delete(schedule.id);
    }
  }

  private keepLease(id: string): HeldLease {
    const { schedules, owner, clock, logger } = this.deps;
    const held: HeldLease = { lost: false, stop: () => clearInterval(timer) };
    const timer = setInterval(() => {
      schedules.renewLease(id, owner, new Date(clock.now().getTime() + this.leaseMs)).then(
        (ours) => {
          if (!ours && !held.lost) logger.warn({ scheduleId: id }, 'lost the lease on a running schedule; stopping the run');
          held.lost ||= !ours;
        },
        (error: unknown) => logger.warn({ err: error, scheduleId: id }, 'could not renew a schedule lease'),
      );
    }, this.leaseMs / 3);
    timer.unref();
    return held;
  }

  private async runLocked(stored: Schedule, manual: boolean, lease: HeldLease): Promise<RunResult | undefined> {
    const { deliveries, catalog, clock, schedules } = this.deps;
    const halted = (): boolean => this.stopping || lease.lost;
    let schedule = stored;
    if (schedule.newSince === null) {
      // Stored by an older version: what is in the library now counts as already there.
      schedule = { ...schedule, newSince: clock.now() };
      await schedules.update(schedule.id, { newSince: schedule.newSince });
    }
    const settings = await this.deps.settings.get(schedule.guildId);
    const slot = manual ? clock.now() : schedule.nextRunAt;
    // A process that took this run over after a crash finds the ping already claimed for this slot.
    const mention = schedule.mentionedFor?.getTime() === slot.getTime() ? null : settings.mentionRoleId;
    const run: Run = { schedule, manual, settings, slot, mention, posted: 0, skipped: 0, unconfirmed: 0 };
    const scope = { guildId: schedule.guildId };

    // First, this schedule's claims an earlier run recorded but never confirmed. Only its own: another
    // schedule's in the same channel may be in flight in another process right now. A claim whose
    // article left the library stays pending: if it did go out, releasing it could post it again.
    for (const pending of await deliveries.pending(schedule.channelId)) {
      if (halted()) return undefined;
      if (run.posted >= schedule.count) break;
      if (pending.scheduleId !== schedule.id) continue;
      const article = await catalog.get(pending.articleId, scope);
      if (!article) continue;
      if (pending.mentionRoleId) run.mention = null;
      const step = await this.resume(run, article, pending);
      if (typeof step === 'object') return step;
    }

    // Then the backfill of the first run, and the new articles, oldest first. Pending posts count
    // towards this run's `count`; the backfill comes on top of it.
    let quota = schedule.count - run.posted;
    const now = clock.now();
    for (const article of await backfillArticles(schedule, catalog, deliveries, now)) {
      if (halted()) return undefined;
      const step = await this.claimAndSend(run, article);
      if (typeof step === 'object') return step;
    }
    // A few more than the quota: an article Discord refuses is skipped without using up the run.
    const queue = await catalog.waiting(viewOf(schedule, now), now, quota + QUEUE_SPARE, schedule.queueCursor ? { resume: schedule.queueCursor } : {});
    for (const queued of queue.articles) {
      if (quota <= 0) break;
      if (halted()) return undefined;
      const article = await catalog.get(queued.id, scope);
      if (!article) continue;
      const step = await this.claimAndSend(run, article);
      if (typeof step === 'object') return step;
      if (step === 'posted') quota--;
    }
    return this.finish(run, queue.resume);
  }

  private async finish(run: Run, queueCursor: string): Promise<RunResult> {
    const { schedule, manual, posted, skipped, unconfirmed } = run;
    const extra = { ...(skipped ? { skipped } : {}), ...(unconfirmed ? { unconfirmed } : {}) };
    const result: RunResult = posted > 0 ? { kind: 'posted', count: posted, ...extra } : { kind: 'nothing-new', ...extra };
    const now = this.deps.clock.now();
    await this.finishRun(schedule, {
      lastRunAt: now,
      lastResult: result,
      failures: 0,
      retryAt: null,
      backfill: 0,
      queueCursor,
      ...(manual ? {} : { nextRunAt: nextRunAfter(schedule.rule, schedule.nextRunAt, now) }),
    });
    this.deps.logger.info({ scheduleId: schedule.id, guildId: schedule.guildId, channelId: schedule.channelId, posted, skipped, unconfirmed, manual }, 'schedule ran');
    return result;
  }

  /** Records the run's outcome and gives the lease back, unless another process took the run over. */
  private async finishRun(schedule: Schedule, patch: SchedulePatch): Promise<void> {
    if (!(await this.deps.schedules.finishRun(schedule.id, this.deps.owner, patch))) {
      this.deps.logger.warn({ scheduleId: schedule.id }, 'another process took this run over; its outcome was not recorded here');
    }
  }

  /** A claim from an earlier run: its remaining steps, the post first looked for where it may exist. */
  private async resume(run: Run, article: Article, pending: Delivery): Promise<Step> {
    const { schedule } = run;
    const attempt = await this.deps.log.start({ scheduleId: schedule.id, guildId: schedule.guildId, channelId: schedule.channelId, articleId: article.id, at: this.deps.clock.now() });
    return this.deliver(run, article, pending, attempt, false, pending.mentionRoleId ?? null);
  }

  private async claimAndSend(run: Run, article: Article): Promise<Step> {
    const { schedule } = run;
    const { deliveries, log, clock, schedules } = this.deps;
    const nonce = newNonce();
    // The ping is this run's once: marked on the schedule before it is claimed, so a process taking the
    // run over does not ping again. A crash right between the two costs the ping, never doubles it.
    const mention = run.mention;
    if (mention) await schedules.update(schedule.id, { mentionedFor: run.slot });
    const claimedAt = clock.now();
    // The intent is in the database before the post exists, so a crash cannot lead to a second post.
    const mine = await deliveries.claim({ channelId: schedule.channelId, articleId: article.id, scheduleId: schedule.id, nonce, claimedAt, mentionRoleId: mention });
    if (!mine) return 'skipped';
    run.mention = null;
    const attempt = await log.start({ scheduleId: schedule.id, guildId: schedule.guildId, channelId: schedule.channelId, articleId: article.id, at: clock.now() });
    return this.deliver(run, article, { nonce, claimedAt, messageId: null, threadId: null, scheduleId: schedule.id }, attempt, true, mention);
  }

  /** A claimed post's remaining steps; `mention` is the role it pings, as recorded on its claim. */
  private async deliver(run: Run, article: Article, delivery: Pick<Delivery, 'nonce' | 'claimedAt' | 'messageId' | 'threadId' | 'scheduleId'>, attempt: number, fresh: boolean, mention: string | null): Promise<Step> {
    const { schedule, settings } = run;
    const { log, logger, news } = this.deps;
    const payload: MessagePayload = await news.summaryFor(article, styleOf(settings));
    // The mention role is pinged once a run, on its first post, and no other mention is allowed.
    if (mention) Object.assign(payload, { content: `<@&${mention}>`, allowedMentions: onlyRole(mention) });
    const target: Target = { ...schedule.target, guildId: schedule.guildId, channelId: schedule.channelId };
    const identity = { name: settings.webhookName, avatarUrl: settings.webhookAvatarUrl };
    let outcome;
    try {
      outcome = await this.deps.steps.complete({ target, article, payload, identity, delivery, fresh });
    } catch (error) {
      return this.failed(run, article, attempt, asSendFailure(error));
    }
    if (outcome.kind === 'unconfirmed') {
      const { failure } = outcome;
      await log.finish(attempt, { outcome: 'unconfirmed', code: failure.code, reason: `could not check whether an interrupted post went out (${failure.reason}); checked again next run, never sent blind` });
      logger.warn({ scheduleId: schedule.id, articleId: article.id, reason: failure.reason }, 'an interrupted post could not be checked; it stays pending');
      run.unconfirmed++;
      return 'skipped';
    }
    await log.finish(attempt, { outcome: 'posted', messageId: outcome.messageId, ...(outcome.note ? { reason: outcome.note } : {}) });
    if (!outcome.created) {
      logger.info({ scheduleId: schedule.id, articleId: article.id }, 'a post from an interrupted run was found or completed; not made again');
      return 'skipped';
    }
    this.deps.metrics?.posts.inc();
    run.posted++;
    return 'posted';
  }

  private async failed(run: Run, article: Article, attempt: number, failure: SendFailure): Promise<Step> {
    const { schedule, manual } = run;
    const { deliveries, schedules, clock, logger, log } = this.deps;
    const now = clock.now();
    const context = { scheduleId: schedule.id, guildId: schedule.guildId, articleId: article.id, code: failure.code, reason: failure.reason };
    this.deps.metrics?.failures.inc({ code: String(failure.code ?? 'none'), scope: failure.scope });
    if (failure.scope === 'article') {
      await deliveries.markSkipped(schedule.channelId, article.id, failure.reason);
      await log.finish(attempt, { outcome: 'skipped', code: failure.code, reason: failure.reason });
      logger.warn(context, 'Discord refused an article; skipped it and went on');
      run.skipped++;
      return 'skipped';
    }
    await log.finish(attempt, { outcome: 'failed', code: failure.code, reason: failure.reason });
    // Nothing is changed: the claim stays pending and the schedule as it is, for the next token.
    if (failure.scope === 'token') throw failure;
    if (failure.scope === 'transient') {
      // The claim stays pending with its nonce: the retry cannot produce a second message.
      const attempts = schedule.failures + 1;
      const result: RunResult = { kind: 'retrying', reason: failure.reason, attempts };
      logger.warn({ ...context, attempts }, 'scheduled post failed; will retry');
      const retryAt = new Date(now.getTime() + retryDelay(attempts, this.deps.random));
      await this.finishRun(schedule, { lastRunAt: now, lastResult: result, failures: attempts, ...(manual ? {} : { retryAt }) });
      return result;
    }
    // The channel refused, so nothing was posted: free the article for when the schedule resumes. (A
    // claim whose post exists stays, and the resumed schedule goes on with its next step.)
    await deliveries.release(schedule.channelId, article.id);
    const result: RunResult = { kind: 'paused', reason: failure.reason };
    logger.warn(context, 'schedule paused');
    await this.finishRun(schedule, { lastRunAt: now, lastResult: result, pausedReason: failure.reason, retryAt: null, failures: 0 });
    if (!schedule.pauseNotified) await this.notifyPaused(schedule, failure.reason);
    return result;
  }

  private async notifyPaused(schedule: Schedule, reason: string): Promise<void> {
    const { logger, schedules } = this.deps;
    // Marked first: the server hears about a pause once, even if the notice itself fails.
    await schedules.update(schedule.id, { pauseNotified: true, noticeError: null });
    const text = truncate(
      `The news schedule \`${schedule.id}\` for <#${schedule.channelId}> is paused. ${reason}. ` +
        `Fix that, then run \`/schedule resume id:${schedule.id}\`.`,
      LIMITS.content,
    );
    const problem = await tellServer(this.deps, schedule.guildId, text, schedule.channelId);
    if (problem === undefined) return;
    logger.warn({ scheduleId: schedule.id, guildId: schedule.guildId, problem }, 'could not announce the paused schedule');
    await schedules.update(schedule.id, { noticeError: problem });
  }
}
