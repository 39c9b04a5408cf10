// Per-route buckets with Discord's headers, keyed like Discord (route + major parameter). Uses the
// real clock, not the test clock: discord.js sleeps in real time when a bucket runs dry.
import { createHash } from 'node:crypto';

export interface RateLimitOptions {
  /** Requests per window in one bucket (Discord's message bucket is 5 per 5 s). */
  limit: number;
  windowMs: number;
}

export interface BucketState {
  limit: number;
  remaining: number;
  resetAt: number;
  bucket: string;
  exceeded: boolean;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly opts: RateLimitOptions | false) {}

  take(routeKey: string, major: string): BucketState {
    const bucket = createHash('sha1').update(routeKey).digest('hex').slice(0, 32);
    const now = Date.now();
    if (!this.opts) return { limit: 1000, remaining: 999, resetAt: now + 1000, bucket, exceeded: false };
    const key = `${bucket}:${major}`;
    let b = this.buckets.get(key);
    if (!b || b.resetAt <= now) {
      b = { count: 0, resetAt: now + this.opts.windowMs };
      this.buckets.set(key, b);
    }
    b.count++;
    return {
      limit: this.opts.limit,
      remaining: Math.max(0, this.opts.limit - b.count),
      resetAt: b.resetAt,
      bucket,
      exceeded: b.count > this.opts.limit,
    };
  }
}

export function rateLimitHeaders(s: BucketState): Record<string, string> {
  const now = Date.now();
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': (s.resetAt / 1000).toFixed(3),
    'x-ratelimit-reset-after': (Math.max(0, s.resetAt - now) / 1000).toFixed(3),
    'x-ratelimit-bucket': s.bucket,
  };
}

/**
 * Discord's global limit: requests made with the bot token, across every route and every process of
 * the bot, per second (counted here in calendar seconds). Interaction and webhook routes are not
 * counted, as on Discord.
 */
export class GlobalLimiter {
  private second = -1;
  private used = 0;

  constructor(private readonly perSecond: number | undefined) {}

  /** Seconds to wait when over the limit, else undefined (and the request is counted). */
  take(now = Date.now()): number | undefined {
    if (this.perSecond === undefined) return undefined;
    const current = Math.floor(now / 1000);
    if (current !== this.second) {
      this.second = current;
      this.used = 0;
    }
    if (this.used >= this.perSecond) return ((current + 1) * 1000 - now) / 1000;
    this.used++;
    return undefined;
  }
}
