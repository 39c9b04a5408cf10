import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import type { Timers } from '../../src/timers.js';
import { addSchedule } from '../../src/services/schedules.js';
import { makeArticle } from '../helpers/articles.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { fakeInteraction } from '../helpers/fake-interaction.js';
import { createRouter } from '../../src/discord/router.js';
import { buttons, commands } from '../../commands/index.js';

const GUILD = '100000000000000001';

/** Timers that only fire when the test says so, and remember every delay asked for. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers & { pending: typeof pending; fire(): void } = {
    pending,
    setTimeout(callback, ms) {
      const handle = next++;
      pending.set(handle, { callback, ms });
      return handle as unknown as { unref?: () => unknown };
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    fire() {
      const [handle, timer] = [...pending.entries()][0]!;
      pending.delete(handle);
      timer.callback();
    },
  };
  return timers;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('Scheduler', () => {
  it('drives every schedule from one timer set to the earliest due time, at most a minute away', async () => {
    const clock = manualClock();
    const { deps, poster } = testDeps([makeArticle({ id: 'a' }), makeArticle({ id: 'b' })], clock);
    const timers = manualTimers();
    const scheduler = new Scheduler(deps.runner, deps.schedules, clock, deps.logger, { timers, owner: 'test-process' });
    for (const every of ['5m', '7m', '1h']) {
      await addSchedule(deps.schedules, { guildId: GUILD, channelId: `30000000000000000${every.length}`, every, count: 1, query: null }, clock.now(), 5);
    }
    scheduler.start();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([0]);
    timers.fire();
    await settle();
    // The first schedule is due in 5 minutes; the timer never sleeps more than a minute.
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    clock.advance(5 * 60_000);
    timers.fire();
    await settle();
    expect(poster.sent).toHaveLength(1);
    expect(timers.pending.size).toBe(1);
    expect([...timers.pending.values()][0]!.ms).toBe(60_000);
    await scheduler.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('re-arms for a sooner schedule when poked', async () => {
    const clock = manualClock();
    const { deps } = testDeps([], clock);
    const timers = manualTimers();
    const scheduler = new Scheduler(deps.runner, deps.schedules, clock, deps.logger, { timers, owner: 'test-process' });
    scheduler.start();
    timers.fire();
    await settle();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    await deps.schedules.create({ id: 'soon01', guildId: GUILD, channelId: '300000000000000001', rule: { kind: 'every', minutes: 5 }, count: 1, query: null, backfill: 0, createdAt: clock.now(), nextRunAt: new Date(clock.now().getTime() + 20_000) });
    scheduler.poke();
    await settle();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([20_000]);
    await scheduler.stop();
  });

  it('a run waiting on Discord does not hold up interactions', async () => {
    const clock = manualClock();
    const { deps, poster } = testDeps([makeArticle({ id: 'a', title: 'Harbour news' })], clock);
    await addSchedule(deps.schedules, { guildId: GUILD, channelId: '300000000000000001', every: '5m', count: 1, query: null }, clock.now(), 5);
    clock.advance(5 * 60_000);
    let release: () => void = () => undefined;
    const send = poster.post.bind(poster);
    poster.post = async (...args) => {
      await new Promise<void>((resolve) => (release = resolve));
      return send(...args);
    };
    const pass = deps.scheduler.tick();
    await settle();
    const fake = fakeInteraction({ subcommand: 'latest' });
    await createRouter(deps, commands, buttons).handle(fake.interaction);
    expect(fake.answers.map((a) => a.kind)).toEqual(['reply']);
    release();
    expect((await pass).ran).toBe(1);
  });

  it('concurrent ticks share one pass, so a schedule never runs twice at once', async () => {
    const clock = manualClock();
    const { deps, poster } = testDeps([makeArticle({ id: 'a' }), makeArticle({ id: 'b' })], clock);
    await addSchedule(deps.schedules, { guildId: GUILD, channelId: '300000000000000001', every: '5m', count: 1, query: null }, clock.now(), 5);
    clock.advance(5 * 60_000);
    const [first, second] = await Promise.all([deps.scheduler.tick(), deps.scheduler.tick()]);
    expect(first).toBe(second);
    expect(poster.sent).toHaveLength(1);
  });

  it('a run that throws is logged and retried with backoff; the timer never spins', async () => {
    const clock = manualClock();
    const { deps, logs } = testDeps([makeArticle({ id: 'a' })], clock);
    const timers = manualTimers();
    const scheduler = new Scheduler(deps.runner, deps.schedules, clock, deps.logger, { timers, random: () => 0.5, owner: 'test-process' });
    const schedule = await addSchedule(deps.schedules, { guildId: GUILD, channelId: '300000000000000001', every: '5m', count: 1, query: null }, clock.now(), 5);
    deps.deliveries.pending = async () => Promise.reject(new Error('disk I/O error'));
    clock.advance(5 * 60_000);
    scheduler.start();
    timers.fire();
    await settle();
    expect(logs.some((line) => line.msg === 'schedule run failed unexpectedly; will retry')).toBe(true);
    const stored = (await deps.schedules.get(GUILD, schedule.id))!;
    expect(stored.retryAt!.getTime()).toBe(clock.now().getTime() + 60_000);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    await scheduler.stop();
  });

  it('when even the retry time cannot be stored, the schedule is held back in memory and the timer waits', async () => {
    const clock = manualClock();
    const { deps } = testDeps([makeArticle({ id: 'a' })], clock);
    const timers = manualTimers();
    const scheduler = new Scheduler(deps.runner, deps.schedules, clock, deps.logger, { timers, random: () => 0.5, owner: 'test-process' });
    await addSchedule(deps.schedules, { guildId: GUILD, channelId: '300000000000000001', every: '5m', count: 1, query: null }, clock.now(), 5);
    deps.deliveries.pending = async () => Promise.reject(new Error('disk full'));
    deps.schedules.update = async () => Promise.reject(new Error('disk full'));
    clock.advance(5 * 60_000);
    scheduler.start();
    timers.fire();
    await settle();
    // Still due in the database, but held back: the next pass is a minute away, not 0 ms.
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    timers.fire();
    await settle();
    expect([...timers.pending.values()].every((t) => t.ms >= 1000)).toBe(true);
    await scheduler.stop();
  });

  it('a pass that throws is retried after 1, 2, 4 … seconds', async () => {
    const clock = manualClock();
    const { deps } = testDeps([], clock);
    const timers = manualTimers();
    const scheduler = new Scheduler(deps.runner, deps.schedules, clock, deps.logger, { timers, owner: 'test-process' });
    deps.schedules.claimDue = async () => Promise.reject(new Error('database is locked'));
    scheduler.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      timers.fire();
      await settle();
      delays.push(...[...timers.pending.values()].map((t) => t.ms));
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    await scheduler.stop();
  });
});
