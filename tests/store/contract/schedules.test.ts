import { expect, it } from 'vitest';
import { WARN } from '../../helpers/logger.js';
import { contractSuite } from './backends.js';
import { at, GUILD, newSchedule, OTHER_GUILD } from './fixtures.js';

contractSuite('schedules', (open) => {
  it('stores a schedule and reads it back whole, by server and id or by id alone', async () => {
    const { stores } = await open();
    const added = newSchedule('abc234', 30, { query: 'rail -strike', rule: { kind: 'daily', hour: 9, minute: 30, timeZone: 'Europe/Paris' } });
    expect(await stores.schedules.create(added)).toBe(true);
    const expected = {
      ...added,
      newSince: added.createdAt,
      retryAt: null,
      failures: 0,
      pausedReason: null,
      pauseNotified: false,
      noticeError: null,
      lastRunAt: null,
      lastResult: null,
      lease: null,
      mentionedFor: null,
      queueCursor: null,
      target: { kind: 'channel', parentId: null, threadPerArticle: false, publish: false, asWebhook: false, tagIds: [] },
    };
    expect(await stores.schedules.get(GUILD, 'abc234')).toEqual(expected);
    expect(await stores.schedules.find('abc234')).toEqual(expected);
    expect(await stores.schedules.get(OTHER_GUILD, 'abc234')).toBeUndefined();
    expect(await stores.schedules.find('nope99')).toBeUndefined();
  });

  it('refuses an id that is taken, keeping the first schedule', async () => {
    const { stores } = await open();
    expect(await stores.schedules.create(newSchedule('same22'))).toBe(true);
    expect(await stores.schedules.create(newSchedule('same22', 5, { guildId: OTHER_GUILD }))).toBe(false);
    expect((await stores.schedules.find('same22'))!.guildId).toBe(GUILD);
  });

  it('lists by server in creation order, counts and removes only within the server', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('bbb222', 0, { createdAt: at(-10) }));
    await stores.schedules.create(newSchedule('aaa222', 0, { createdAt: at(-5) }));
    await stores.schedules.create(newSchedule('ccc222', 0, { guildId: OTHER_GUILD }));
    expect((await stores.schedules.listByGuild(GUILD)).map((s) => s.id)).toEqual(['bbb222', 'aaa222']);
    expect((await stores.schedules.listAll()).map((s) => s.id)).toEqual(['bbb222', 'aaa222', 'ccc222']);
    expect(await stores.schedules.countByGuild(GUILD)).toBe(2);
    expect(await stores.schedules.remove(OTHER_GUILD, 'aaa222')).toBe(false);
    expect(await stores.schedules.remove(GUILD, 'aaa222')).toBe(true);
    expect(await stores.schedules.countByGuild(GUILD)).toBe(1);
  });

  it('updates only the fields a patch names, including results and flags', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('upd222'));
    await stores.schedules.update('upd222', { lastRunAt: at(1), lastResult: { kind: 'posted', count: 2, skipped: 1 }, failures: 3, pauseNotified: true, retryAt: at(9) });
    await stores.schedules.update('upd222', { retryAt: null, channelId: '300000000000000009' });
    expect(await stores.schedules.find('upd222')).toMatchObject({
      lastRunAt: at(1),
      lastResult: { kind: 'posted', count: 2, skipped: 1 },
      failures: 3,
      pauseNotified: true,
      retryAt: null,
      channelId: '300000000000000009',
      count: 2,
    });
  });

  it('gives due schedules earliest first, by retry time when set, leaving out paused and future ones', async () => {
    const { stores } = await open();
    await stores.schedules.create(newSchedule('late22', -1));
    await stores.schedules.create(newSchedule('early2', -30));
    await stores.schedules.create(newSchedule('retry2', 60));
    await stores.schedules.update('retry2', { retryAt: at(-10) });
    await stores.schedules.create(newSchedule('pause2', -50));
    await stores.schedules.update('pause2', { pausedReason: 'Missing Access' });
    await stores.schedules.create(newSchedule('futur2', 15));
    expect((await stores.schedules.due(at(0), 10)).map((s) => s.id)).toEqual(['early2', 'retry2', 'late22']);
    expect((await stores.schedules.due(at(0), 2)).map((s) => s.id)).toEqual(['early2', 'retry2']);
    expect(await stores.schedules.nextDueAt()).toEqual(at(-30));
  });

  it('has no next due time without active schedules', async () => {
    const { stores } = await open();
    expect(await stores.schedules.nextDueAt()).toBeUndefined();
    await stores.schedules.create(newSchedule('pause3'));
    await stores.schedules.update('pause3', { pausedReason: 'paused by an admin' });
    expect(await stores.schedules.nextDueAt()).toBeUndefined();
  });

  it('skips a row that cannot be read with a warning naming it, and never deletes it', async () => {
    const { stores, sql, logs } = await open();
    await stores.schedules.create(newSchedule('good22'));
    await stores.schedules.create(newSchedule('bad222', -5));
    await sql(`UPDATE schedules SET rule = '{"kind":"hourly"}' WHERE id = 'bad222'`);
    expect((await stores.schedules.listByGuild(GUILD)).map((s) => s.id)).toEqual(['good22']);
    expect((await stores.schedules.due(at(0), 10)).map((s) => s.id)).toEqual(['good22']);
    expect(await stores.schedules.find('bad222')).toBeUndefined();
    expect(logs.find((line) => line.level === WARN)).toMatchObject({ scheduleId: 'bad222', msg: 'skipped a stored schedule that cannot be read' });
    expect(await stores.schedules.countByGuild(GUILD)).toBe(2);
  });
});
