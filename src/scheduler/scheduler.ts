// One timer drives every schedule: it sleeps until the earliest due time (at most a minute, so a
// clock jump or another process's change is noticed), runs what is due, and sleeps again. Runs are
// asynchronous network work in small batches, so interactions keep being answered meanwhile.
// The timer never spins: a run or a pass that throws is retried with backoff, and a pass that could
// not make progress waits at least a second.
import type { Clock } from '../deps.js';
import { SendFailure } from '../discord/send-failure.js';
import type { Logger } from '../logger.js';
import { PassLoop, realTimers, type Timers } from '../timers.js';
import type { Metrics } from '../ops/metrics.js';
import { retryDelay } from './failures.js';
import type { PublishDrain } from './publish-queue.js';
import { LEASE_MS, type ScheduleRunner } from './runner.js';
import type { RunResult, Schedule, SchedulesStore } from './types.js';

const MAX_SLEEP_MS = 60_000;
const MIN_IDLE_MS = 1_000;
/** Channels posted to at the same time; discord.js queues each route's rate limits on top. */
const CONCURRENCY = 4;
/**
 * Due schedules leased at a time: no more than this process is about to run, so none waits in a queue
 * here while its lease runs out and another process, taking it over, runs it too.
 */
const BATCH = CONCURRENCY;

export interface TickSummary {
  ran: number;
  results: Array<{ scheduleId: string; result: RunResult }>;
  /** Posts crossposted from the publish queue in this pass. */
  published?: number;
}

export interface SchedulerOptions {
  timers?: Timers;
  random?: () => number;
  /** Discord rejected the token: posting has stopped everywhere; the process should exit. */
  onTokenRejected?: (failure: SendFailure) => void;
  metrics?: Metrics;
  /** This process, as the owner of the schedule runs it leases. */
  owner: string;
  leaseMs?: number;
  /** The publish queue, drained after the schedules of each pass and woken for when it is due. */
  publishing?: PublishDrain;
}

export class Scheduler {
  private readonly loop: PassLoop;
  private current: Promise<TickSummary> | undefined;
  private stopped = true;
  private halted = false;
  /** Schedules whose run threw and whose retry time could not be stored either: not before then. */
  private readonly heldOff = new Map<string, number>();
  private passFailures = 0;
  private lastPassRan = true;

  constructor(
    private readonly runner: ScheduleRunner,
    private readonly schedules: SchedulesStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions,
  ) {
    this.loop = new PassLoop(options.timers ?? realTimers, MAX_SLEEP_MS, {
      running: () => !this.stopped,
      nextDelay: () => this.nextDelay(),
      pass: () => this.tick(),
      failed: (error) => {
        this.passFailures++;
        this.logger.error({ err: error }, 'scheduler pass failed');
      },
    });
  }

  start(): void {
    if (this.halted) return;
    this.stopped = false;
    void this.loop.arm(0);
  }

  /** No new runs; the sends in flight finish (or their claims stay pending), then this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.runner.stop();
    this.options.publishing?.stop();
    this.loop.clear();
    await this.current;
  }

  /** Re-reads the earliest due time (after a schedule was added, resumed or removed). */
  poke(): void {
    if (!this.stopped) void this.loop.arm();
  }

  /** Runs everything due now. Concurrent calls share one pass, so nothing runs twice. */
  tick(): Promise<TickSummary> {
    this.current ??= this.runDue().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private waiting(id: string, now: number): boolean {
    const until = this.heldOff.get(id);
    if (until === undefined) return false;
    if (until > now) return true;
    this.heldOff.delete(id);
    return false;
  }

  private async runDue(): Promise<TickSummary> {
    const summary: TickSummary = { ran: 0, results: [] };
    const seen = new Set<string>();
    while (!this.halted && !this.runner.isStopping) {
      const now = this.clock.now();
      // Leased to this process: another process sharing the database skips these, and takes them over
      // only if this one dies before finishing.
      const claimed = await this.schedules.claimDue(now, this.options.owner, this.options.leaseMs ?? LEASE_MS, BATCH);
      const due: Schedule[] = [];
      for (const schedule of claimed) {
        if (seen.has(schedule.id) || this.waiting(schedule.id, now.getTime())) await this.schedules.releaseLease(schedule.id, this.options.owner);
        else due.push(schedule);
      }
      if (due.length === 0) break;
      for (const schedule of due) seen.add(schedule.id);
      await this.runAll(due, summary);
    }
    if (this.options.publishing && !this.halted) summary.published = await this.publish(this.options.publishing);
    this.lastPassRan = summary.ran > 0 || (summary.published ?? 0) > 0;
    this.passFailures = 0;
    return summary;
  }

  /** Runs schedules with bounded concurrency; schedules for one channel run one after another. */
  private async runAll(due: Schedule[], summary: TickSummary): Promise<void> {
    const byChannel = new Map<string, Schedule[]>();
    for (const schedule of due) byChannel.set(schedule.channelId, [...(byChannel.get(schedule.channelId) ?? []), schedule]);
    const queues = [...byChannel.values()];
    const worker = async (): Promise<void> => {
      for (let queue = queues.shift(); queue && !this.halted; queue = queues.shift()) {
        for (const schedule of queue) {
          if (this.halted) return;
          try {
            const due = (schedule.retryAt ?? schedule.nextRunAt).getTime();
            this.options.metrics?.scheduleLag.observe(Math.max(0, this.clock.now().getTime() - due) / 1000);
            const result = await this.runner.run(schedule, { leased: true });
            if (result) {
              summary.ran++;
              summary.results.push({ scheduleId: schedule.id, result });
            }
          } catch (error) {
            await this.runFailed(schedule, error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queues.length) }, worker));
  }

  private async runFailed(schedule: Schedule, error: unknown): Promise<void> {
    if (error instanceof SendFailure && error.scope === 'token') return this.halt(error);
    // A store or programming error: logged, and the schedule is tried again after a backoff.
    const failures = schedule.failures + 1;
    const retryAt = this.clock.now().getTime() + retryDelay(failures, this.options.random);
    this.logger.error({ err: error, scheduleId: schedule.id, retryAt: new Date(retryAt) }, 'schedule run failed unexpectedly; will retry');
    try {
      await this.schedules.update(schedule.id, { failures, retryAt: new Date(retryAt) });
    } catch (storeError) {
      this.logger.error({ err: storeError, scheduleId: schedule.id }, 'could not store the retry time either; holding the schedule back in memory');
      this.heldOff.set(schedule.id, retryAt);
    }
  }

  private async publish(drain: PublishDrain): Promise<number> {
    try {
      return await drain.drain();
    } catch (error) {
      if (error instanceof SendFailure && error.scope === 'token') this.halt(error);
      else this.logger.error({ err: error }, 'publishing pass failed');
      return 0;
    }
  }

  /** The token is gone: stop posting everywhere at once and let the process exit. */
  private halt(failure: SendFailure): void {
    if (this.halted) return;
    this.halted = true;
    this.stopped = true;
    this.runner.stop();
    this.options.publishing?.stop();
    this.loop.clear();
    this.options.onTokenRejected?.(failure);
  }

  /** 1 s, 2 s, 4 s … up to a minute after passes that failed in a row. */
  private passBackoff(): number {
    return Math.min(MAX_SLEEP_MS, MIN_IDLE_MS * 2 ** Math.min(6, this.passFailures - 1));
  }

  private async nextDelay(): Promise<number> {
    if (this.passFailures > 0) return this.passBackoff();
    let next: Date | undefined;
    try {
      const times = [await this.schedules.nextDueAt(), await this.options.publishing?.nextDueAt()].filter((at): at is Date => at !== undefined);
      next = times.length ? new Date(Math.min(...times.map((at) => at.getTime()))) : undefined;
    } catch (error) {
      this.passFailures++;
      this.logger.error({ err: error }, 'could not read when schedules are due; trying again shortly');
      return this.passBackoff();
    }
    const delay = next ? next.getTime() - this.clock.now().getTime() : MAX_SLEEP_MS;
    if (delay > 0 || this.lastPassRan) return delay;
    // Due but nothing ran (held back, or running by hand): wait rather than spin.
    const soonest = Math.min(...this.heldOff.values()) - this.clock.now().getTime();
    return Math.max(MIN_IDLE_MS, Number.isFinite(soonest) ? soonest : MIN_IDLE_MS);
  }

}
