import { describe, expect, it } from 'vitest';
import { percentile, ratio, sampleEach, summarizeSamples } from '../../scripts/bench/measure.js';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0, 1],
    [1, 1],
  ])('p%i of 1..100 is %i', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('always returns a measured sample, never an interpolated one', () => {
    expect(percentile([1, 10], 50)).toBe(1);
    expect(percentile([1, 10], 51)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for no samples and does not reorder its input', () => {
    expect(percentile([], 50)).toBeNaN();
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('summarizes p50, p95, p99 and the count', () => {
    expect(summarizeSamples(hundred)).toEqual({ p50: 50, p95: 95, p99: 99, count: 100 });
  });
});

describe('ratio', () => {
  it('divides and rounds to three places', () => {
    expect(ratio(1, 3)).toBe(0.333);
  });

  it('is undefined when either side is missing or the baseline is zero', () => {
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(Number.NaN, 2)).toBeUndefined();
  });
});

describe('sampleEach', () => {
  it('takes one sample per input and round, after the untimed warm-up inputs', () => {
    const seen: number[] = [];
    const samples = sampleEach([1, 2, 3], (x) => seen.push(x), { rounds: 2, warmup: [9] });
    expect(seen).toEqual([9, 1, 2, 3, 1, 2, 3]);
    expect(samples).toHaveLength(6);
    expect(samples.every((ms) => ms >= 0)).toBe(true);
  });
});
