// Fetches the feeds that are due, in every process that shares the database, without two processes
// ever fetching one feed at once: each fetch is leased (see FeedsStore.claimDue), as schedule runs are.
// One timer sleeps until the earliest due feed (at most a minute, so another process's changes are
// noticed), a pass fetches what is due a few feeds at a time (the host queue keeps each site to one
// request at a time), and a pass that throws is retried with backoff: the poller never spins.
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';
import type { Feed, FeedsStore } from '../store/feeds.js';
import { PassLoop, realTimers, type Timers } from '../timers.js';
import type { FeedImporter, ImportResult } from './feed-import.js';
import { failureBackoffMs } from './retry.js';

const MAX_SLEEP_MS = 60_000;
const MIN_IDLE_MS = 1_000;
/** Feeds fetched at the same time (and leased at a time, so none waits here while its lease runs out). */
const CONCURRENCY = 4;

export interface PollSummary {
  results: ImportResult[];
  /** Feeds whose removal was finished. */
  removed: number;
  /** Feeds whose fetch threw (a store or catalog error): logged and tried again after a backoff. */
  errors: number;
}

export interface PollerOptions {
  owner: string;
  timers?: Timers;
  random?: () => number;
}

export class FeedPoller {
  private readonly loop: PassLoop;
  private current: Promise<PollSummary> | undefined;
  /** Not started (or stopped): no timer. */
  private stopped = true;
  /** Stopping: a pass in flight takes no more feeds. */
  private halting = false;
  private passFailures = 0;
  private lastPassRan = true;
  /** Feeds whose fetch threw and whose retry time could not be stored: not before then. */
  private readonly heldOff = new Map<string, number>();

  constructor(
    private readonly importer: FeedImporter,
    private readonly feeds: FeedsStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: PollerOptions,
  ) {
    this.loop = new PassLoop(options.timers ?? realTimers, MAX_SLEEP_MS, {
      running: () => !this.stopped,
      nextDelay: () => this.nextDelay(),
      pass: () => this.pass(),
      failed: (error) => {
        this.passFailures++;
        this.logger.error({ err: error }, 'feed pass failed');
      },
    });
  }

  start(): void {
    this.stopped = false;
    this.halting = false;
    void this.loop.arm(0);
  }

  /** No new fetches; the ones in flight finish, then this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    this.loop.clear();
    await this.current?.catch(() => undefined);
  }

  /** Re-reads the earliest due time (after a feed was added or removed). */
  poke(): void {
    if (!this.stopped) void this.loop.arm();
  }

  /** Fetches everything due now (and finishes removals). Concurrent calls share one pass. */
  pass(): Promise<PollSummary> {
    this.current ??= this.runDue().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async runDue(): Promise<PollSummary> {
    const summary: PollSummary = { results: [], removed: 0, errors: 0 };
    const seen = new Set<string>();
    const { owner } = this.options;
    while (!this.halting) {
      const now = this.clock.now();
      const claimed = await this.feeds.claimDue(now, owner, this.importer.leaseMs, CONCURRENCY);
      const due: Feed[] = [];
      for (const feed of claimed) {
        // Once a pass: a feed due again at once (a Retry-After of 0) waits for the next pass.
        if (seen.has(feed.id) || (this.heldOff.get(feed.id) ?? 0) > now.getTime()) await this.feeds.releaseLease(feed.id, owner);
        else due.push(feed);
      }
      if (due.length === 0) break;
      for (const feed of due) seen.add(feed.id);
      await Promise.all(due.map((feed) => this.runOne(feed, summary)));
    }
    this.lastPassRan = seen.size > 0;
    this.passFailures = 0;
    return summary;
  }

  private async runOne(feed: Feed, summary: PollSummary): Promise<void> {
    try {
      if (feed.removedAt) {
        await this.importer.removeLeased(feed);
        summary.removed++;
      } else {
        summary.results.push(await this.importer.importLeased(feed));
      }
    } catch (error) {
      summary.errors++;
      // Not the feed's fault (a full disk, a lost database): not counted as a failure of the feed.
      const retryAt = this.clock.now().getTime() + failureBackoffMs(1, this.options.random ? { random: this.options.random } : {});
      this.logger.error({ err: error, feedId: feed.id, retryAt: new Date(retryAt) }, 'feed fetch failed unexpectedly; will retry');
      try {
        await this.feeds.finishFetch(feed.id, this.options.owner, { nextFetchAt: new Date(retryAt) }, []);
      } catch (storeError) {
        this.logger.error({ err: storeError, feedId: feed.id }, 'could not store the retry time either; holding the feed back in memory');
        this.heldOff.set(feed.id, retryAt);
      }
    }
  }

  private async nextDelay(): Promise<number> {
    if (this.passFailures > 0) return Math.min(MAX_SLEEP_MS, MIN_IDLE_MS * 2 ** Math.min(6, this.passFailures - 1));
    let next: Date | undefined;
    try {
      next = await this.feeds.nextDueAt();
    } catch (error) {
      this.passFailures++;
      this.logger.error({ err: error }, 'could not read when feeds are due; trying again shortly');
      return MIN_IDLE_MS;
    }
    const delay = next ? next.getTime() - this.clock.now().getTime() : MAX_SLEEP_MS;
    // Due but nothing ran (held back in memory): wait rather than spin.
    return delay > 0 || this.lastPassRan ? delay : MIN_IDLE_MS;
  }

}
