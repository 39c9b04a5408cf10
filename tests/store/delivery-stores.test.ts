import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteDeliveries } from '../../src/store/sqlite-deliveries.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { silentLogger } from '../../src/logger.js';

const CHANNEL = '300000000000000001';

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

describe('migration 4', () => {
  it('gives schedules of a version-3 database no lease, so any process can take their next run', async () => {
    const db = openDatabase(':memory:', { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    db.prepare(`INSERT INTO schedules (id, guild_id, channel_id, rule, count, query, created_at, next_run_at, new_since, backfill)
      VALUES ('old003', '100000000000000001', ?, '{"kind":"every","minutes":60}', 1, NULL, 1000, 2000, 1000, 0)`).run(CHANNEL);
    const { migrate } = await import('../../src/store/database.js');
    migrate(db);
    const schedules = new SqliteSchedules(db, silentLogger());
    expect(await schedules.find('old003')).toMatchObject({ lease: null, nextRunAt: new Date(2000) });
    expect((await schedules.claimDue(new Date(2000), 'process-a', 60_000, 10)).map((s) => s.lease)).toEqual([{ owner: 'process-a', until: new Date(62_000) }]);
    db.close();
  });
});
