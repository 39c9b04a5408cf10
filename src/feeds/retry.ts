// When to fetch a feed again: its normal interval after a success, Retry-After when the server named a
// time, and exponential backoff with jitter after failures, so that many feeds failing at once (one
// host down) do not all come back in the same second. These return times; nothing here sleeps.

/** After this many failures in a row a feed is marked failing and shown as such to its admins. */
export const FEED_FAILING_AFTER = 10;

const MINUTE = 60_000;
/** The longest wait a Retry-After is trusted for; a larger value is cut to this. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * MINUTE;

/**
 * A Retry-After header (delay in seconds, or an HTTP date) as milliseconds from `nowMs`; undefined when
 * absent or unreadable. Dates in the past mean "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  // All three HTTP date formats start with a day name; without that check Date.parse would read "-5"
  // or "1.5" as dates.
  else if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** A number in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

/**
 * The wait after `consecutiveFailures` failures (1 or more): 5, 10, 20 … minutes, at most 6 hours, each
 * drawn from the upper half of its step ("equal jitter"), so it is never shorter than half the step.
 */
export function failureBackoffMs(consecutiveFailures: number, options: BackoffOptions = {}): number {
  const { baseMs = 5 * MINUTE, maxMs = 6 * 60 * MINUTE, random = Math.random } = options;
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, consecutiveFailures - 1)));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface NextFetchInput {
  nowMs: number;
  /** The feed's normal polling interval. */
  intervalMs: number;
  /** Failures in a row including the fetch just made (0 after a success or a not-modified). */
  consecutiveFailures: number;
  /** From a failed fetch's result, when the server said how long to wait. */
  retryAfterMs?: number;
}

/** The time (ms since the epoch) at which to fetch the feed next. */
export function nextFetchAt(input: NextFetchInput, options: BackoffOptions = {}): number {
  const { nowMs, intervalMs, consecutiveFailures, retryAfterMs } = input;
  if (consecutiveFailures <= 0) return nowMs + Math.max(intervalMs, retryAfterMs ?? 0);
  // A first failure is often a blip, so the retry may come before the normal interval; the backoff then
  // grows past it, and a Retry-After always wins when it asks for longer.
  return nowMs + Math.max(failureBackoffMs(consecutiveFailures, options), retryAfterMs ?? 0);
}

export function isFailing(consecutiveFailures: number): boolean {
  return consecutiveFailures >= FEED_FAILING_AFTER;
}
