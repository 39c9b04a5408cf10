// Who this process is, among several bot processes on one database: the name its logs carry, the
// owner it writes on the schedule runs it leases, and its share of the token's request budget.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pacer } from '../discord/pacer.js';
import { PACED_SHARE } from '../discord/pacer.js';
import type { Logger } from '../logger.js';
import type { InstancesStore } from '../store/instances.js';

/** host-pid-random: unique even when a restarted process is given the same pid. */
export function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}


const BEAT_MS = 2_000;
/** A process not seen for this long has stopped (or hangs) and no longer takes a share. */
const ALIVE_MS = 10_000;

export interface TokenShare {
  /**
   * Resolves once every process already running has had time to count this one in (one check-in
   * period and a bit), with the share counted again: only then may this process start posting, or
   * the budget would be overdrawn until they noticed.
   */
  settled(): Promise<void>;
  /** Stops checking in and says goodbye, so the others take the freed share at once. */
  stop(): Promise<void>;
}

/**
 * Tells the other processes on the database that this one is alive, every few seconds, and sets this
 * process's share of the token's request budget from how many are.
 */
export async function shareTheToken(instances: InstancesStore, owner: string, pacer: Pacer, logger: Logger, now: () => Date = () => new Date()): Promise<TokenShare> {
  const beat = async (): Promise<void> => {
    try {
      await instances.beat(owner, now());
      const alive = await instances.countSince(new Date(now().getTime() - ALIVE_MS));
      const share = Math.floor(PACED_SHARE / Math.max(1, alive));
      if (share !== pacer.perSecond) logger.info({ processes: alive, perSecond: share }, 'request budget shared with the other processes');
      pacer.setShare(share);
    } catch (error) {
      logger.warn({ err: error }, 'could not check in with the other processes; keeping the current request share');
    }
  };
  await beat();
  const joined = Date.now();
  const timer = setInterval(() => void beat(), BEAT_MS);
  timer.unref();
  return {
    async settled() {
      const wait = joined + BEAT_MS * 1.25 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await beat();
    },
    async stop() {
      clearInterval(timer);
      await instances.leave(owner).catch(() => undefined);
    },
  };
}
