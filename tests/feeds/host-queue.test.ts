import { describe, expect, it } from 'vitest';
import { HostQueue } from '../../src/feeds/host-queue.js';

/** A fake clock whose sleep advances time at once, recording every wait. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    waits,
  };
}

/** A task that stays open until released, to see what runs at the same time. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('HostQueue', () => {
  it('runs one request at a time per host, in order', async () => {
    const time = fakeTime();
    const queue = new HostQueue({ minIntervalMs: 0, ...time });
    const log: string[] = [];
    const first = gate();
    const a = queue.run('a.example', async () => {
      log.push('a1 start');
      await first.opened;
      log.push('a1 end');
    });
    const b = queue.run('a.example', async () => void log.push('a2'));
    await Promise.resolve();
    expect(log).toEqual(['a1 start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a1 start', 'a1 end', 'a2']);
  });

  it('lets different hosts run at the same time', async () => {
    const queue = new HostQueue({ minIntervalMs: 0, ...fakeTime() });
    const first = gate();
    const log: string[] = [];
    const a = queue.run('a.example', async () => {
      await first.opened;
      log.push('a');
    });
    await queue.run('b.example', async () => void log.push('b'));
    expect(log).toEqual(['b']);
    first.open();
    await a;
  });

  it('waits the minimum interval between two requests to the same host', async () => {
    const time = fakeTime();
    const queue = new HostQueue({ minIntervalMs: 1000, ...time });
    await queue.run('a.example', async () => time.advance(200));
    await queue.run('a.example', async () => undefined);
    expect(time.waits).toEqual([1000]);
    // Time that has already passed counts towards the interval.
    time.advance(600);
    await queue.run('a.example', async () => undefined);
    expect(time.waits).toEqual([1000, 400]);
    await queue.run('b.example', async () => undefined);
    expect(time.waits).toEqual([1000, 400]);
  });

  it('frees the host when a task fails', async () => {
    const queue = new HostQueue({ minIntervalMs: 0, ...fakeTime() });
    await expect(queue.run('a.example', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('a.example', async () => 'next')).resolves.toBe('next');
  });

  it('remembers how long a host asked to be left alone', () => {
    const time = fakeTime();
    const queue = new HostQueue({ minIntervalMs: 0, ...time });
    queue.pause('a.example', time.now() + 30_000);
    queue.pause('a.example', time.now() + 10_000);
    expect(queue.pausedFor('a.example')).toBe(30_000);
    expect(queue.pausedFor('b.example')).toBe(0);
    time.advance(30_000);
    expect(queue.pausedFor('a.example')).toBe(0);
  });
});
