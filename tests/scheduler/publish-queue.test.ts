// The publish queue drained by the scheduler: per channel and in order, a channel at its limit left
// alone until Discord's wait is over (stored, so it survives restarts) while others go on, failures
// backed off or dropped, and an interrupted publish checked before it is asked for again.
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { PublishDrain } from '../../src/scheduler/publish-queue.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import type { Timers } from '../../src/timers.js';
import { manualClock, testDeps } from '../helpers/deps.js';

const A = '300000000000000001';
const B = '300000000000000002';
const HOUR = 3_600_000;
const discordError = (code: number, status: number) => new DiscordAPIError({ message: 'refused', code }, code, status, 'POST', '/x', {});

function setup() {
  const clock = manualClock(new Date('2026-11-29T12:00:00Z'));
  const env = testDeps([], clock);
  let n = 0;
  const queue = async (channelId: string, count: number) => {
    for (let i = 0; i < count; i++) {
      n++;
      await env.deps.publishes.enqueue(channelId, String(400000000000000000n + BigInt(n)), { guildId: null, scheduleId: `s-${channelId.slice(-1)}`, articleId: `a${n}` }, clock.now());
      clock.advance(1);
    }
  };
  const tick = () => env.deps.scheduler.tick();
  return { ...env, clock, queue, tick };
}

describe('draining the publish queue', () => {
  it('publishes each channel up to its limit; the rest wait for the stored wait, other channels go on', async () => {
    const { queue, tick, publisher, deps, clock } = setup();
    await queue(A, 12);
    await queue(B, 2);
    expect((await tick()).published).toBe(12);
    expect(publisher.published.filter((p) => p.channelId === A)).toHaveLength(10);
    expect(await deps.publishes.backlog('s-1')).toEqual({ count: 2, nextAt: new Date(clock.now().getTime() + HOUR), lastError: null });
    // Not before the wait is over, even though the publisher would now allow it.
    publisher.reset();
    clock.advance(HOUR - 1000);
    expect((await tick()).published).toBe(0);
    clock.advance(1000);
    expect((await tick()).published).toBe(2);
    expect(await deps.publishes.backlog('s-1')).toEqual({ count: 0, nextAt: null, lastError: null });
    expect(new Set(publisher.published.map((p) => p.messageId)).size).toBe(14);
  });

  it('a post queued while its channel waits goes behind the wait', async () => {
    const { queue, tick, deps, clock } = setup();
    await queue(A, 11);
    await tick();
    await queue(A, 1);
    expect((await deps.publishes.due(clock.now(), 50)).length).toBe(0);
  });

  it('after an interrupted publish the message is checked first, and not published again', async () => {
    const { queue, tick, publisher, deps } = setup();
    await queue(A, 1);
    const real = deps.publishes.published.bind(deps.publishes);
    deps.publishes.published = async () => Promise.reject(new Error('killed'));
    await tick();
    deps.publishes.published = real;
    const asked = publisher.published.length;
    publisher.crosspost = async (...args) => {
      throw new Error(`asked again for ${args[1]}`);
    };
    await tick();
    expect(publisher.published).toHaveLength(asked);
    expect((await deps.publishes.backlog('s-1')).count).toBe(0);
  });

  it('a deleted post is dropped; a refusal backs the channel off with the reason; a 401 stops everything', async () => {
    const { queue, tick, publisher, deps, clock, tokenRejections } = setup();
    await queue(A, 2);
    publisher.failures.push(discordError(10008, 404), discordError(50013, 403));
    await tick();
    const backlog = await deps.publishes.backlog('s-1');
    expect(backlog).toMatchObject({ count: 1, lastError: expect.stringContaining('Missing Permissions') });
    expect(backlog.nextAt!.getTime()).toBe(clock.now().getTime() + 60_000);
    clock.advance(60_000);
    publisher.failures.push(discordError(0, 401));
    await tick();
    expect(tokenRejections).toHaveLength(1);
  });

  it('the scheduler wakes when the next publish is due, with no schedule to run', async () => {
    const { queue, deps, clock, publisher } = setup();
    await queue(A, 1);
    clock.advance(-30_001);
    const timers: Array<{ callback: () => void; ms: number }> = [];
    const fakeTimers: Timers = { setTimeout: (callback, ms) => (timers.push({ callback, ms }), {}), clearTimeout: () => undefined };
    const publishing = new PublishDrain({ queue: deps.publishes, openPublisher: () => publisher, clock, logger: deps.logger });
    const scheduler = new Scheduler(deps.runner, deps.schedules, clock, deps.logger, { timers: fakeTimers, publishing, owner: 'test-process' });
    scheduler.start();
    timers.at(-1)!.callback();
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(timers.at(-1)!.ms).toBe(30_000);
    await scheduler.stop();
  });
});
