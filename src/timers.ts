// Timers as a dependency: the scheduler and the feed poller sleep through these, so tests drive them
// with fake ones instead of waiting.
export interface Timers {
  setTimeout(callback: () => void, ms: number): { unref?: () => unknown };
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

/**
 * Sleeps until the next pass is due, runs it, and sleeps again: the loop the scheduler and the feed
 * poller share. A pass that throws is reported and the loop goes on; nothing is armed once stopped.
 */
export class PassLoop {
  private handle: unknown;

  constructor(
    private readonly timers: Timers,
    private readonly maxSleepMs: number,
    private readonly body: {
      running(): boolean;
      /** Milliseconds until the next pass is due. */
      nextDelay(): Promise<number>;
      pass(): Promise<unknown>;
      failed(error: unknown): void;
    },
  ) {}

  /** Arms the next pass after `delayOverride` ms, or when nextDelay says (at most maxSleepMs away). */
  async arm(delayOverride?: number): Promise<void> {
    this.clear();
    if (!this.body.running()) return;
    const delay = delayOverride ?? (await this.body.nextDelay());
    if (!this.body.running()) return;
    this.clear();
    const handle = this.timers.setTimeout(() => {
      this.body
        .pass()
        .then(
          () => undefined,
          (error: unknown) => this.body.failed(error),
        )
        .finally(() => void this.arm());
    }, Math.min(this.maxSleepMs, Math.max(0, delay)));
    handle.unref?.();
    this.handle = handle;
  }

  clear(): void {
    this.timers.clearTimeout(this.handle);
  }
}
