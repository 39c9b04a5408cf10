import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteDeliveries } from '../../src/store/sqlite-deliveries.js';
import { SqliteDeliveryLog } from '../../src/store/sqlite-delivery-log.js';
import { SqliteFirstSeen } from '../../src/store/sqlite-first-seen.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { silentLogger } from '../../src/logger.js';

const CHANNEL = '300000000000000001';
const at = (iso: string) => new Date(iso);

describe('migration 3', () => {
  it('keeps every delivery and schedule of a version-2 database; old schedules wait to set their start', async () => {
    const db = openDatabase(':memory:', { migrations: MIGRATIONS.filter((m) => m.version <= 2) });
    db.prepare(`INSERT INTO schedules (id, guild_id, channel_id, rule, count, query, created_at, next_run_at)
      VALUES ('old001', '100000000000000001', ?, '{"kind":"every","minutes":60}', 2, 'rail', 1000, 2000)`).run(CHANNEL);
    db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at)
      VALUES (?, 'a', 'old001', 'n1', 'sent', '900000000000000001', 10, 11), (?, 'b', 'old001', 'n2', 'pending', NULL, 12, NULL)`).run(CHANNEL, CHANNEL);
    const { migrate } = await import('../../src/store/database.js');
    migrate(db);
    const schedule = await new SqliteSchedules(db, silentLogger()).get('100000000000000001', 'old001');
    expect(schedule).toMatchObject({ newSince: null, backfill: 0, noticeError: null, query: 'rail', count: 2 });
    const deliveries = new SqliteDeliveries(db);
    expect(await deliveries.claimedArticleIds(CHANNEL)).toEqual(new Set(['a', 'b']));
    expect((await deliveries.pending(CHANNEL)).map((d) => [d.articleId, d.nonce])).toEqual([['b', 'n2']]);
    expect(await deliveries.get(CHANNEL, 'a')).toMatchObject({ state: 'sent', messageId: '900000000000000001' });
    db.close();
  });
});

describe('first sightings', () => {
  it('records an id once and keeps its first time; lookup records nothing', async () => {
    const store = new SqliteFirstSeen(openDatabase(':memory:'));
    expect(await store.lookup(['a'])).toEqual(new Map());
    expect(await store.stamp(['a', 'b'], at('2026-11-01T10:00:00Z'))).toEqual(new Map([['a', at('2026-11-01T10:00:00Z')], ['b', at('2026-11-01T10:00:00Z')]]));
    expect(await store.stamp(['a', 'c'], at('2026-11-02T10:00:00Z'))).toEqual(new Map([['a', at('2026-11-01T10:00:00Z')], ['c', at('2026-11-02T10:00:00Z')]]));
    expect((await store.lookup(['c', 'zzz'])).size).toBe(1);
  });

  it('stamps thousands of ids in one call', async () => {
    const store = new SqliteFirstSeen(openDatabase(':memory:'));
    const ids = Array.from({ length: 2500 }, (_, i) => `id-${i}`);
    expect((await store.stamp(ids, at('2026-11-01T10:00:00Z'))).size).toBe(2500);
  });
});

describe('deliveries and their log', () => {
  it('a skipped article stays claimed with its reason; a release only frees pending claims', async () => {
    const deliveries = new SqliteDeliveries(openDatabase(':memory:'));
    const claim = (articleId: string) => deliveries.claim({ channelId: CHANNEL, articleId, scheduleId: 's', nonce: `n-${articleId}`, claimedAt: at('2026-11-01T10:00:00Z') });
    expect(await claim('x')).toBe(true);
    expect(await claim('x')).toBe(false);
    await deliveries.markSkipped(CHANNEL, 'x', 'Discord refused this article (code 50035)');
    await deliveries.release(CHANNEL, 'x');
    expect(await deliveries.get(CHANNEL, 'x')).toMatchObject({ state: 'skipped', reason: 'Discord refused this article (code 50035)' });
    expect(await deliveries.pending(CHANNEL)).toEqual([]);
    await deliveries.recordSent({ channelId: CHANNEL, articleId: 'manual', scheduleId: null, nonce: 'p1', claimedAt: at('2026-11-01T11:00:00Z') }, '900');
    expect(await deliveries.get(CHANNEL, 'manual')).toMatchObject({ state: 'sent', messageId: '900', scheduleId: null });
  });

  it('each attempt opens pending and is finished with its outcome; newest first', async () => {
    const log = new SqliteDeliveryLog(openDatabase(':memory:'));
    const first = await log.start({ scheduleId: 's', guildId: 'g', channelId: CHANNEL, articleId: 'a', at: at('2026-11-01T10:00:00Z') });
    await log.finish(first, { outcome: 'failed', code: 500, reason: 'Discord error 500' });
    const second = await log.start({ scheduleId: 's', guildId: 'g', channelId: CHANNEL, articleId: 'a', at: at('2026-11-01T11:00:00Z') });
    expect((await log.latestFor(CHANNEL, 'a'))!.outcome).toBe('pending');
    await log.finish(second, { outcome: 'posted', messageId: '901' });
    expect((await log.recent('s', 10)).map((a) => [a.outcome, a.code, a.messageId])).toEqual([['posted', null, '901'], ['failed', 500, null]]);
    expect(await log.recent('other', 10)).toEqual([]);
  });
});
