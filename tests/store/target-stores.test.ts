import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { migrate, openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteDeliveries } from '../../src/store/sqlite-deliveries.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000001';
const at = (ms: number) => new Date(ms);

describe('migration 6', () => {
  it('keeps every schedule and delivery of a version-3 database; old schedules post plain messages', async () => {
    const db = openDatabase(':memory:', { migrations: MIGRATIONS.filter((m) => m.version <= 5) });
    db.prepare(`INSERT INTO schedules (id, guild_id, channel_id, rule, count, query, created_at, next_run_at, new_since)
      VALUES ('old001', ?, ?, '{"kind":"every","minutes":60}', 2, NULL, 1000, 2000, 1000)`).run(GUILD, CHANNEL);
    db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at)
      VALUES (?, 'a', 'old001', 'n1', 'sent', '900000000000000001', 10, 11)`).run(CHANNEL);
    migrate(db);
    expect((await new SqliteSchedules(db, silentLogger()).get(GUILD, 'old001'))!.target).toEqual({ kind: 'channel', parentId: null, threadPerArticle: false, publish: false, asWebhook: false, tagIds: [] });
    expect(await new SqliteDeliveries(db).get(CHANNEL, 'a')).toMatchObject({ state: 'sent', threadId: null, publishedAt: null });
    db.close();
  });
});
