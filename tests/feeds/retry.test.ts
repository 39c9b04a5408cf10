import { describe, expect, it } from 'vitest';
import { failureBackoffMs, isFailing, MAX_RETRY_AFTER_MS, nextFetchAt, parseRetryAfter } from '../../src/feeds/retry.js';

const now = Date.parse('2026-10-20T12:00:00Z');
const MINUTE = 60_000;

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Tue, 20 Oct 2026 12:05:00 GMT', 5 * MINUTE],
    ['Tue, 20 Oct 2026 11:00:00 GMT', 0],
    ['99999999', MAX_RETRY_AFTER_MS],
  ])('reads %j as %d ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it.each([[null], [undefined], [''], ['soon'], ['-5'], ['1.5']])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('failureBackoffMs', () => {
  it('doubles from 5 minutes up to 6 hours, within the upper half of each step', () => {
    const low = (n: number) => failureBackoffMs(n, { random: () => 0 });
    const high = (n: number) => failureBackoffMs(n, { random: () => 0.999999 });
    expect([1, 2, 3].map(low)).toEqual([2.5 * MINUTE, 5 * MINUTE, 10 * MINUTE]);
    expect(Math.round(high(1) / 1000)).toBe(300);
    expect(low(10)).toBe(3 * 60 * MINUTE);
    expect(low(1000)).toBe(3 * 60 * MINUTE);
  });

  it('spreads feeds that fail together', () => {
    const values = [0.1, 0.5, 0.9].map((r) => failureBackoffMs(3, { random: () => r }));
    expect(new Set(values).size).toBe(3);
  });
});

describe('nextFetchAt', () => {
  it('after a success: the normal interval, or longer if the server asked', () => {
    expect(nextFetchAt({ nowMs: now, intervalMs: 15 * MINUTE, consecutiveFailures: 0 })).toBe(now + 15 * MINUTE);
    expect(nextFetchAt({ nowMs: now, intervalMs: 15 * MINUTE, consecutiveFailures: 0, retryAfterMs: 60 * MINUTE })).toBe(now + 60 * MINUTE);
  });

  it('after failures: backoff, and Retry-After when it asks for longer', () => {
    const options = { random: () => 0 };
    expect(nextFetchAt({ nowMs: now, intervalMs: 15 * MINUTE, consecutiveFailures: 1 }, options)).toBe(now + 2.5 * MINUTE);
    expect(nextFetchAt({ nowMs: now, intervalMs: 15 * MINUTE, consecutiveFailures: 1, retryAfterMs: 20 * MINUTE }, options)).toBe(now + 20 * MINUTE);
  });

  it('a feed is failing from its tenth failure in a row', () => {
    expect(isFailing(9)).toBe(false);
    expect(isFailing(10)).toBe(true);
  });
});
