// One timer drives every schedule: it sleeps until the earliest due time (at most a minute, so a
// clock jump or another process's change is noticed), runs what is due, and sleeps again. Runs are
// asynchronous network work in small batches, so interactions keep being answered meanwhile.
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';
import { CandidateCache } from './plan.js';
import type { ScheduleRunner } from './runner.js';
import type { RunResult, Schedule, SchedulesStore } from './types.js';
import type { ArticleLibrary } from '../core/library.js';

const MAX_SLEEP_MS = 60_000;
/** Due schedules taken from the store per pass; the next pass follows at once when there are more. */
const BATCH = 200;
/** Channels posted to at the same time; discord.js queues each route's rate limits on top. */
const CONCURRENCY = 4;

export interface Timers {
  setTimeout(callback: () => void, ms: number): { unref?: () => unknown };
  clearTimeout(handle: unknown): void;
}

export interface TickSummary {
  ran: number;
  results: Array<{ scheduleId: string; result: RunResult }>;
}

export class Scheduler {
  private timer: unknown;
  private current: Promise<TickSummary> | undefined;
  private stopped = true;

  constructor(
    private readonly runner: ScheduleRunner,
    private readonly schedules: SchedulesStore,
    private readonly library: ArticleLibrary,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly timers: Timers = { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
  ) {}

  start(): void {
    this.stopped = false;
    void this.arm(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
    await this.current;
  }

  /** Re-reads the earliest due time (after a schedule was added, resumed or removed). */
  poke(): void {
    if (!this.stopped) void this.arm();
  }

  /** Runs everything due now. Concurrent calls share one pass, so nothing runs twice. */
  tick(): Promise<TickSummary> {
    this.current ??= this.runDue().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async runDue(): Promise<TickSummary> {
    const summary: TickSummary = { ran: 0, results: [] };
    const cache = new CandidateCache(this.library);
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.schedules.due(this.clock.now(), BATCH)).filter((s) => !seen.has(s.id) && !this.runner.isRunning(s.id));
      if (due.length === 0) break;
      for (const schedule of due) seen.add(schedule.id);
      await this.runAll(due, cache, summary);
    }
    return summary;
  }

  /** Runs schedules with bounded concurrency; schedules for one channel run one after another. */
  private async runAll(due: Schedule[], cache: CandidateCache, summary: TickSummary): Promise<void> {
    const byChannel = new Map<string, Schedule[]>();
    for (const schedule of due) byChannel.set(schedule.channelId, [...(byChannel.get(schedule.channelId) ?? []), schedule]);
    const queues = [...byChannel.values()];
    const worker = async (): Promise<void> => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const schedule of queue) {
          try {
            const result = await this.runner.run(schedule, { cache });
            if (result) {
              summary.ran++;
              summary.results.push({ scheduleId: schedule.id, result });
            }
          } catch (error) {
            // A store or programming error: logged, and the schedule is tried again next pass.
            this.logger.error({ err: error, scheduleId: schedule.id }, 'schedule run failed unexpectedly');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queues.length) }, worker));
  }

  private async arm(delayOverride?: number): Promise<void> {
    this.timers.clearTimeout(this.timer);
    if (this.stopped) return;
    let delay = delayOverride;
    if (delay === undefined) {
      const next = await this.schedules.nextDueAt().catch(() => undefined);
      delay = next ? next.getTime() - this.clock.now().getTime() : MAX_SLEEP_MS;
    }
    const handle = this.timers.setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.logger.error({ err: error }, 'scheduler pass failed'))
        .finally(() => void this.arm());
    }, Math.min(MAX_SLEEP_MS, Math.max(0, delay)));
    handle.unref?.();
    this.timer = handle;
  }
}
