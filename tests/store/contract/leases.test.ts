import { expect, it } from 'vitest';
import { contractSuite } from './backends.js';
import { at, MINUTE, newSchedule } from './fixtures.js';

const LEASE = 5 * MINUTE;
const ids = (schedules: { id: string }[]) => schedules.map((s) => s.id);

contractSuite('schedule leases', (open) => {
  it('claims due, active, unleased schedules earliest first, up to the limit, leased to the caller', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('late22', -1));
    await stores.schedules.create(newSchedule('early2', -30));
    await stores.schedules.create(newSchedule('futur2', 10));
    await stores.schedules.create(newSchedule('pause2', -40));
    await stores.schedules.update('pause2', { pausedReason: 'Missing Access' });
    const claimed = await stores.schedules.claimDue(at(0), 'process-a', LEASE, 1);
    expect(ids(claimed)).toEqual(['early2']);
    expect(claimed[0]!.lease).toEqual({ owner: 'process-a', until: at(5) });
    expect(ids(await stores.schedules.claimDue(at(0), 'process-a', LEASE, 10))).toEqual(['late22']);
    expect(await stores.schedules.claimDue(at(0), 'process-b', LEASE, 10)).toEqual([]);
    expect((await stores.schedules.find('early2'))!.lease).toEqual({ owner: 'process-a', until: at(5) });
  });

  it('two processes claiming at once never get the same schedule, and together get them all', async () => {
    const harness = await open();
    const other = await harness.another();
    for (let n = 0; n < 40; n++) await harness.stores.schedules.create(newSchedule(`s${String(n).padStart(5, '0')}`, -n));
    const rounds = await Promise.all(
      Array.from({ length: 12 }, (_, n) => (n % 2 ? other : harness.stores).schedules.claimDue(at(0), n % 2 ? 'process-b' : 'process-a', LEASE, 5)),
    );
    const all = rounds.flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(40);
  });

  it('a lease that expires is taken over; the old owner can then neither renew nor finish', async () => {
    const harness = await open();
    const other = await harness.another();
    await harness.stores.schedules.create(newSchedule('taken2', -1));
    expect(ids(await harness.stores.schedules.claimDue(at(0), 'process-a', LEASE, 10))).toEqual(['taken2']);
    expect(await other.schedules.claimDue(at(4), 'process-b', LEASE, 10)).toEqual([]);
    // process-a died: at the end of its lease, process-b takes the run over.
    expect(ids(await other.schedules.claimDue(at(5), 'process-b', LEASE, 10))).toEqual(['taken2']);
    expect(await harness.stores.schedules.renewLease('taken2', 'process-a', at(20))).toBe(false);
    expect(await harness.stores.schedules.finishRun('taken2', 'process-a', { failures: 9, nextRunAt: at(999) })).toBe(false);
    await harness.stores.schedules.releaseLease('taken2', 'process-a');
    expect((await other.schedules.find('taken2'))).toMatchObject({ failures: 0, nextRunAt: at(-1), lease: { owner: 'process-b', until: at(10) } });
    expect(await other.schedules.finishRun('taken2', 'process-b', { lastRunAt: at(6), lastResult: { kind: 'nothing-new' }, nextRunAt: at(60) })).toBe(true);
    expect(await other.schedules.find('taken2')).toMatchObject({ lastRunAt: at(6), lastResult: { kind: 'nothing-new' }, nextRunAt: at(60), lease: null });
  });

  it('a renewed lease keeps the schedule from others past its first expiry', async () => {
    const harness = await open();
    const other = await harness.another();
    await harness.stores.schedules.create(newSchedule('long22', -1));
    await harness.stores.schedules.claimDue(at(0), 'process-a', LEASE, 10);
    expect(await harness.stores.schedules.renewLease('long22', 'process-a', at(9))).toBe(true);
    expect(await other.schedules.claimDue(at(6), 'process-b', LEASE, 10)).toEqual([]);
    expect(ids(await other.schedules.claimDue(at(9), 'process-b', LEASE, 10))).toEqual(['long22']);
  });

  it('finishing applies the patch and frees the schedule; releasing frees it unchanged; neither works for another owner', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('fin222', -1));
    await stores.schedules.create(newSchedule('rel222', -1));
    await stores.schedules.claimDue(at(0), 'process-a', LEASE, 10);
    await stores.schedules.releaseLease('rel222', 'process-b');
    expect(await stores.schedules.finishRun('fin222', 'process-b', { failures: 1 })).toBe(false);
    expect(await stores.schedules.claimDue(at(1), 'process-b', LEASE, 10)).toEqual([]);
    await stores.schedules.releaseLease('rel222', 'process-a');
    expect(await stores.schedules.finishRun('fin222', 'process-a', { retryAt: at(30), failures: 1 })).toBe(true);
    expect(await stores.schedules.find('fin222')).toMatchObject({ retryAt: at(30), failures: 1, lease: null });
    // rel222 is due again at once; fin222 waits for its retry time.
    expect(ids(await stores.schedules.claimDue(at(1), 'process-b', LEASE, 10))).toEqual(['rel222']);
    await stores.schedules.finishRun('rel222', 'process-b', { nextRunAt: at(60) });
    expect(ids(await stores.schedules.claimDue(at(30), 'process-b', LEASE, 10))).toEqual(['fin222']);
  });

  it('finishing with an empty patch still ends the lease', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('empty2', -1));
    await stores.schedules.claimDue(at(0), 'process-a', LEASE, 10);
    expect(await stores.schedules.finishRun('empty2', 'process-a', {})).toBe(true);
    expect((await stores.schedules.find('empty2'))!.lease).toBeNull();
  });

  it('the next due time waits for another process\'s lease to end', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('held22', -10));
    await stores.schedules.create(newSchedule('next22', 20));
    await stores.schedules.claimDue(at(0), 'process-a', LEASE, 1);
    expect(await stores.schedules.nextDueAt()).toEqual(at(5));
    await stores.schedules.renewLease('held22', 'process-a', at(30));
    expect(await stores.schedules.nextDueAt()).toEqual(at(20));
  });

  it('an admin\'s update during a run is kept; the run\'s own finish still needs the lease', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('admin2', -1));
    await stores.schedules.claimDue(at(0), 'process-a', LEASE, 10);
    await stores.schedules.update('admin2', { pausedReason: 'paused by an admin' });
    expect(await stores.schedules.finishRun('admin2', 'process-a', { lastRunAt: at(1) })).toBe(true);
    expect(await stores.schedules.find('admin2')).toMatchObject({ pausedReason: 'paused by an admin', lastRunAt: at(1), lease: null });
  });

  it('leaseOne takes a schedule that is not due (a run by hand), but not one another process holds', async () => {
    const harness = await open();
    const other = await harness.another();
    await harness.stores.schedules.create(newSchedule('hand22', 30));
    expect((await harness.stores.schedules.leaseOne('hand22', at(0), 'process-a', LEASE))?.lease).toEqual({ owner: 'process-a', until: at(5) });
    expect(await other.schedules.leaseOne('hand22', at(1), 'process-b', LEASE)).toBeUndefined();
    expect(await other.schedules.leaseOne('nope22', at(1), 'process-b', LEASE)).toBeUndefined();
    expect((await other.schedules.leaseOne('hand22', at(5), 'process-b', LEASE))?.lease?.owner).toBe('process-b');
  });

  it('counts paused schedules', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('one222', 1));
    await stores.schedules.create(newSchedule('two222', 1));
    await stores.schedules.update('two222', { pausedReason: 'Missing Access' });
    expect(await stores.schedules.countPaused()).toBe(1);
  });
});
