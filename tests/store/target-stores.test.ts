import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { migrate, openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteDeliveries } from '../../src/store/sqlite-deliveries.js';
import { SqlitePublishQueue } from '../../src/store/sqlite-publish-queue.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { SqliteWebhooks } from '../../src/store/sqlite-webhooks.js';

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

  it('a schedule keeps its target', async () => {
    const db = openDatabase(':memory:');
    const schedules = new SqliteSchedules(db, silentLogger());
    const target = { kind: 'forum' as const, parentId: null, threadPerArticle: false, publish: false, asWebhook: true, tagIds: ['700000000000000001'] };
    await schedules.create({ id: 'f00001', guildId: GUILD, channelId: CHANNEL, target, rule: { kind: 'every', minutes: 60 }, count: 1, query: null, createdAt: at(0), nextRunAt: at(1), backfill: 0 });
    expect((await schedules.find('f00001'))!.target).toEqual(target);
  });
});

describe('deliveries with several steps', () => {
  it('a claim whose post exists is never released or skipped, so the article cannot go out again', async () => {
    const deliveries = new SqliteDeliveries(openDatabase(':memory:'));
    await deliveries.claim({ channelId: CHANNEL, articleId: 'a', scheduleId: 's', nonce: 'n', claimedAt: at(1) });
    await deliveries.recordProgress(CHANNEL, 'a', { messageId: '900000000000000001', threadId: null });
    await deliveries.release(CHANNEL, 'a');
    await deliveries.markSkipped(CHANNEL, 'a', 'refused');
    expect(await deliveries.get(CHANNEL, 'a')).toMatchObject({ state: 'pending', messageId: '900000000000000001', reason: null });
    await deliveries.markSent(CHANNEL, 'a', '900000000000000001', at(2), { threadId: '900000000000000001', publish: { guildId: GUILD, scheduleId: 's', articleId: 'a' } });
    expect(await deliveries.get(CHANNEL, 'a')).toMatchObject({ state: 'sent', threadId: '900000000000000001' });
  });

  it('marking sent queues the publish in the same write, once', async () => {
    const db = openDatabase(':memory:');
    const deliveries = new SqliteDeliveries(db);
    const queue = new SqlitePublishQueue(db);
    await deliveries.claim({ channelId: CHANNEL, articleId: 'a', scheduleId: 's', nonce: 'n', claimedAt: at(1) });
    const publish = { guildId: GUILD, scheduleId: 's', articleId: 'a' };
    await deliveries.markSent(CHANNEL, 'a', '900000000000000001', at(2), { publish });
    await queue.enqueue(CHANNEL, '900000000000000001', publish, at(3));
    expect(await queue.due(at(10), 10)).toMatchObject([{ messageId: '900000000000000001', queuedAt: at(2), dueAt: at(2), attempts: 0, triedAt: null }]);
    await queue.published(CHANNEL, '900000000000000001', at(5));
    expect(await queue.due(at(10), 10)).toEqual([]);
    expect((await deliveries.get(CHANNEL, 'a'))!.publishedAt).toEqual(at(5));
  });

  it('a channel waiting for its limit keeps its order; a wait is no failed try, an error is', async () => {
    const queue = new SqlitePublishQueue(openDatabase(':memory:'));
    const request = { guildId: GUILD, scheduleId: 's', articleId: 'a' };
    await queue.enqueue(CHANNEL, '1', request, at(1));
    await queue.trying(CHANNEL, '1', at(2));
    await queue.postpone(CHANNEL, '1', at(100), null);
    expect(await queue.find(CHANNEL, '1')).toMatchObject({ dueAt: at(100), attempts: 0, triedAt: null, lastError: null });
    await queue.enqueue(CHANNEL, '2', request, at(3));
    expect((await queue.find(CHANNEL, '2'))!.dueAt).toEqual(at(100));
    await queue.trying(CHANNEL, '1', at(100));
    await queue.postpone(CHANNEL, '1', at(200), 'Discord error 500');
    expect(await queue.find(CHANNEL, '1')).toMatchObject({ dueAt: at(200), attempts: 1, triedAt: at(100), lastError: 'Discord error 500' });
    expect(await queue.backlog('s')).toEqual({ count: 2, nextAt: at(200), lastError: 'Discord error 500' });
  });
});

describe('channel webhooks', () => {
  const hook = (webhookId: string, recreated = false) => ({ channelId: CHANNEL, guildId: GUILD, webhookId, token: `token-${webhookId}`, recreated });

  it('one per channel: the first stored wins, a replacement only replaces the one it saw gone', async () => {
    const store = new SqliteWebhooks(openDatabase(':memory:'));
    expect(await store.add(hook('1'), at(1))).toEqual(hook('1'));
    expect(await store.add(hook('2'), at(2))).toEqual(hook('1'));
    expect(await store.replace('1', hook('3', true), at(3))).toEqual(hook('3', true));
    expect(await store.replace('1', hook('4', true), at(4))).toEqual(hook('3', true));
    await store.forget(CHANNEL, '1');
    expect(await store.get(CHANNEL)).toEqual(hook('3', true));
    await store.forget(CHANNEL, '3');
    expect(await store.get(CHANNEL)).toBeUndefined();
  });
});
