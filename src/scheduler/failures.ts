// How long to wait before trying a failed schedule again.

const MINUTE = 60_000;
const MAX_BACKOFF = 30 * MINUTE;

/**
 * 1, 2, 4, 8, 16, then every 30 minutes: never given up on, never hammering Discord. Each delay is
 * spread by ±20% so schedules that failed together (a Discord outage) do not all come back at once.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF, MINUTE * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
