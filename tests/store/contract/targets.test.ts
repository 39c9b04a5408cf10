import { expect, it } from 'vitest';
import { contractSuite } from './backends.js';
import { at, CHANNEL, GUILD, newSchedule } from './fixtures.js';

const request = { guildId: GUILD, scheduleId: 's', articleId: 'a' };

contractSuite('post targets', (open) => {
  it('a schedule keeps its target; one stored without is a plain channel', async () => {
    const { stores } = await open();
    const target = { kind: 'forum' as const, parentId: null, threadPerArticle: false, publish: false, asWebhook: true, tagIds: ['700000000000000001'] };
    await stores.schedules.create(newSchedule('f00001', 1, { target }));
    await stores.schedules.create(newSchedule('p00001', 1));
    expect((await stores.schedules.find('f00001'))!.target).toEqual(target);
    expect((await stores.schedules.find('p00001'))!.target).toEqual({ kind: 'channel', parentId: null, threadPerArticle: false, publish: false, asWebhook: false, tagIds: [] });
  });

  it('a claim whose post exists is never released or skipped, so the article cannot go out again', async () => {
    const { stores } = await open();
    const { deliveries } = stores;
    await deliveries.claim({ channelId: CHANNEL, articleId: 'a', scheduleId: 's', nonce: 'n', claimedAt: at(1) });
    await deliveries.recordProgress(CHANNEL, 'a', { messageId: '900000000000000001', threadId: null });
    await deliveries.release(CHANNEL, 'a');
    await deliveries.markSkipped(CHANNEL, 'a', 'refused');
    expect(await deliveries.get(CHANNEL, 'a')).toMatchObject({ state: 'pending', messageId: '900000000000000001', reason: null });
    await deliveries.markSent(CHANNEL, 'a', '900000000000000001', at(2), { threadId: '900000000000000001', publish: request });
    expect(await deliveries.get(CHANNEL, 'a')).toMatchObject({ state: 'sent', threadId: '900000000000000001' });
  });

  it('marking sent queues the publish in the same write, once', async () => {
    const { stores } = await open();
    const { deliveries, publishes } = stores;
    await deliveries.claim({ channelId: CHANNEL, articleId: 'a', scheduleId: 's', nonce: 'n', claimedAt: at(1) });
    await deliveries.markSent(CHANNEL, 'a', '900000000000000001', at(2), { publish: request });
    await publishes.enqueue(CHANNEL, '900000000000000001', request, at(3));
    expect(await publishes.due(at(10), 10)).toMatchObject([{ messageId: '900000000000000001', queuedAt: at(2), dueAt: at(2), attempts: 0, triedAt: null }]);
    expect(await publishes.nextDueAt()).toEqual(at(2));
    await publishes.published(CHANNEL, '900000000000000001', at(5));
    expect(await publishes.due(at(10), 10)).toEqual([]);
    expect((await deliveries.get(CHANNEL, 'a'))!.publishedAt).toEqual(at(5));
  });

  it('a channel waiting for its limit keeps its order; a wait is no failed try, an error is', async () => {
    const { stores } = await open();
    const queue = stores.publishes;
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
    await queue.drop(CHANNEL, '2');
    expect((await queue.backlog('s')).count).toBe(1);
  });

  it('one webhook per channel: the first stored wins, a replacement only replaces the one it saw gone', async () => {
    const { stores } = await open();
    const store = stores.webhooks;
    const hook = (webhookId: string, recreated = false) => ({ channelId: CHANNEL, guildId: GUILD, webhookId, token: `token-${webhookId}`, recreated });
    expect(await store.add(hook('1'), at(1))).toEqual(hook('1'));
    expect(await store.add(hook('2'), at(2))).toEqual(hook('1'));
    expect(await store.replace('1', hook('3', true), at(3))).toEqual(hook('3', true));
    expect(await store.replace('1', hook('4', true), at(4))).toEqual(hook('3', true));
    await store.forget(CHANNEL, '1');
    expect(await store.get(CHANNEL)).toEqual(hook('3', true));
    await store.forget(CHANNEL, '3');
    expect(await store.get(CHANNEL)).toBeUndefined();
  });

  it('a server keeps its webhook identity', async () => {
    const { stores } = await open();
    await stores.settings.update(GUILD, { webhookName: 'Morning Desk', webhookAvatarUrl: 'https://img.example.org/desk.png' });
    expect(await stores.settings.get(GUILD)).toMatchObject({ webhookName: 'Morning Desk', webhookAvatarUrl: 'https://img.example.org/desk.png' });
    await stores.settings.update(GUILD, { webhookName: null });
    expect(await stores.settings.get(GUILD)).toMatchObject({ webhookName: null, webhookAvatarUrl: 'https://img.example.org/desk.png' });
  });
});
