// Timing and statistics helpers for the benchmarks. Percentiles use the nearest-rank method, which
// always returns a measured sample (no interpolation that would invent a time nobody observed).
import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export function summarizeSamples(samples: readonly number[]): Summary {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), count: samples.length };
}

/** Milliseconds taken by `work`, with its result. */
export function time<T>(work: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = work();
  return { ms: performance.now() - start, result };
}

export async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/**
 * One timed call per input (per round). The `warmup` inputs are run first, untimed, so the JIT has
 * compiled the path: a running bot has long since warmed up. Callers whose work caches per input
 * (summaries) pass warm-up inputs distinct from the timed ones.
 */
export function sampleEach<T>(inputs: readonly T[], work: (input: T) => unknown, { rounds = 1, warmup = [] as readonly T[] } = {}): number[] {
  for (const input of warmup) work(input);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      const start = performance.now();
      work(input);
      samples.push(performance.now() - start);
    }
  }
  return samples;
}

/** Async version of sampleEach: one call at a time, awaited. */
export async function sampleEachAsync<T>(inputs: readonly T[], work: (input: T) => Promise<unknown>, warmup: readonly T[] = []): Promise<number[]> {
  for (const input of warmup) await work(input);
  const samples: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await work(input);
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * As sampleEachAsync, with the CPU time (user and system) of each call beside its wall time. On a
 * machine other work shares, the wall time includes waiting for a CPU; the CPU time is the work itself.
 */
export async function sampleEachAsyncWithCpu<T>(inputs: readonly T[], work: (input: T) => Promise<unknown>, warmup: readonly T[] = []): Promise<{ wall: number[]; cpu: number[] }> {
  for (const input of warmup) await work(input);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    const used = process.cpuUsage();
    await work(input);
    const spent = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return { wall, cpu };
}

/** value / baseline, rounded; undefined when either is missing so the table shows a dash. */
export function ratio(value: number | undefined, baseline: number | undefined): number | undefined {
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return round(value / baseline, 3);
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Resident memory in MB. With --expose-gc, full collections run first (at least three, more while the
 * heap still shrinks: V8 compacts a few pages per collection and frees dead ArrayBuffers a collection
 * late), so the figure is what the process holds once settled, not garbage left over from loading.
 * With `settle` false it is the raw figure.
 */
export function residentMb(settle = true): { rssMb: number; heapUsedMb: number; externalMb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (settle && gc) {
    for (let i = 0, before = Infinity; i < 8 && (i < 3 || process.memoryUsage().heapTotal < before); i++) {
      before = process.memoryUsage().heapTotal;
      gc();
    }
  }
  const usage = process.memoryUsage();
  const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);
  return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external) };
}
