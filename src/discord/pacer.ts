// Discord limits a bot token to about 50 requests a second across all its processes; requests over
// that are answered 429 and count against the bot as invalid. discord.js keeps each process under the
// limit, but not several processes together. The pacer does: each process takes its share of the
// second (see ops/instances.ts for how the share is found), counted in calendar seconds.

export interface Pacer {
  /** Resolves when one more request may go out in this process's share. */
  acquire(): Promise<void>;
  /** Requests per second this process may make now. */
  readonly perSecond: number;
  setShare(perSecond: number): void;
}

/** Discord's global limit, less a little for what discord.js sends on its own (logins, commands). */
export const GLOBAL_REQUESTS_PER_SECOND = 50;
export const PACED_SHARE = 45;

export function createPacer(perSecond = PACED_SHARE, now: () => number = Date.now, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): Pacer {
  let share = Math.max(1, Math.floor(perSecond));
  let second = -1;
  let used = 0;
  // One waiter at a time, so requests go out in the order they asked.
  let queue: Promise<void> = Promise.resolve();
  const take = async (): Promise<void> => {
    for (;;) {
      const t = now();
      const current = Math.floor(t / 1000);
      if (current !== second) {
        second = current;
        used = 0;
      }
      if (used < share) {
        used++;
        return;
      }
      await sleep((current + 1) * 1000 - t);
    }
  };
  return {
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
    get perSecond() {
      return share;
    },
    setShare(next) {
      share = Math.max(1, Math.floor(next));
    },
  };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: readonly Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The REST client with every request made with the bot's token waiting for its turn in the pacer.
 * Requests that carry their own token (webhooks, interactions: `auth: false`) are not counted by
 * Discord's global limit, and go at once.
 */
export function pacedRest<R extends Record<Method, (route: `/${string}`, options?: { auth?: boolean }) => Promise<unknown>>>(rest: R, pacer: Pacer): R {
  return new Proxy(rest, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (!METHODS.includes(property as Method) || typeof value !== 'function') return value;
      return async (route: `/${string}`, options?: { auth?: boolean }) => {
        if (options?.auth !== false) await pacer.acquire();
        return (value as (...args: unknown[]) => Promise<unknown>).call(target, route, options);
      };
    },
  });
}
