// Politeness towards the sites feeds come from: one request at a time per host, a pause between two
// requests to the same host, and a host that asked us to wait (Retry-After) is left alone until then.
// Time comes in through `now` and `sleep` so tests run on a fake clock without waiting.
import { setTimeout as delay } from 'node:timers/promises';

export interface HostQueueOptions {
  /** The shortest time between the end of one request to a host and the start of the next. */
  minIntervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastFinished = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HostQueueOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
  }

  /** Runs `task` when it is this host's turn and the interval since the host's last request has passed. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    await previous;
    try {
      const last = this.lastFinished.get(host);
      const wait = last === undefined ? 0 : last + this.options.minIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      return await task();
    } finally {
      this.lastFinished.set(host, this.now());
      release();
      // Forget idle hosts so the maps hold only hosts with work queued or a recent request.
      if (this.tails.get(host) === tail) this.tails.delete(host);
      this.forgetOldHosts();
    }
  }

  /** Keeps requests away from `host` until `untilMs` (a Retry-After, typically). */
  pause(host: string, untilMs: number): void {
    if (untilMs > (this.pausedUntil.get(host) ?? 0)) this.pausedUntil.set(host, untilMs);
  }

  /** How long `host` still asks to be left alone, in ms (0 when it does not). */
  pausedFor(host: string): number {
    const until = this.pausedUntil.get(host);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.pausedUntil.delete(host);
    return 0;
  }

  private forgetOldHosts(): void {
    // A few hundred hosts cost nothing to keep; past that, sweep out the ones that no longer matter.
    if (this.lastFinished.size < 256) return;
    const cutoff = this.now() - this.options.minIntervalMs;
    for (const [host, finished] of this.lastFinished) {
      if (finished < cutoff && !this.tails.has(host)) this.lastFinished.delete(host);
    }
  }
}
