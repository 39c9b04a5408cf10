import { expect, it } from 'vitest';
import type { NewClaim } from '../../../src/scheduler/types.js';
import { contractSuite } from './backends.js';
import { at, CHANNEL, GUILD } from './fixtures.js';

const claimOf = (articleId: string, extra: Partial<NewClaim> = {}): NewClaim => ({ channelId: CHANNEL, articleId, scheduleId: 'sch222', nonce: `n-${articleId}`, claimedAt: at(0), ...extra });

contractSuite('deliveries', (open) => {
  it('a pair is claimed once; the claim is pending until marked sent', async () => {
    const { stores } = await open();
    expect(await stores.deliveries.claim(claimOf('a'))).toBe(true);
    expect(await stores.deliveries.claim(claimOf('a', { nonce: 'other', scheduleId: 'sch333' }))).toBe(false);
    expect(await stores.deliveries.claim(claimOf('b', { claimedAt: at(1) }))).toBe(true);
    expect(await stores.deliveries.claim(claimOf('a', { channelId: '300000000000000002' }))).toBe(true);
    expect((await stores.deliveries.pending(CHANNEL)).map((d) => [d.articleId, d.nonce, d.state])).toEqual([['a', 'n-a', 'pending'], ['b', 'n-b', 'pending']]);
    await stores.deliveries.markSent(CHANNEL, 'a', '900000000000000001', at(2));
    expect(await stores.deliveries.get(CHANNEL, 'a')).toEqual({ ...claimOf('a'), state: 'sent', messageId: '900000000000000001', reason: null, mentionRoleId: null, threadId: null, publishedAt: null });
    expect((await stores.deliveries.pending(CHANNEL)).map((d) => d.articleId)).toEqual(['b']);
    expect(await stores.deliveries.countPending()).toBe(2);
    expect(await stores.deliveries.claimedArticleIds(CHANNEL)).toEqual(new Set(['a', 'b']));
    expect(await stores.deliveries.get(CHANNEL, 'zzz')).toBeUndefined();
  });

  it('two processes claiming the same pairs at once: each pair has exactly one winner', async () => {
    const harness = await open();
    const other = await harness.another();
    const articles = Array.from({ length: 10 }, (_, n) => `art-${n}`);
    const attempts = articles.flatMap((id) => [harness.stores.deliveries.claim(claimOf(id, { nonce: 'mine' })), other.deliveries.claim(claimOf(id, { nonce: 'theirs' }))]);
    const won = await Promise.all(attempts);
    for (let n = 0; n < articles.length; n++) expect([won[2 * n], won[2 * n + 1]].filter(Boolean)).toHaveLength(1);
    expect((await other.deliveries.pending(CHANNEL)).length).toBe(10);
  });

  it('a skipped article stays claimed with its reason; a release frees only pending claims', async () => {
    const { stores } = await open();
    await stores.deliveries.claim(claimOf('x'));
    await stores.deliveries.claim(claimOf('y'));
    await stores.deliveries.markSkipped(CHANNEL, 'x', 'Discord refused this article (code 50035)');
    await stores.deliveries.release(CHANNEL, 'x');
    await stores.deliveries.release(CHANNEL, 'y');
    expect(await stores.deliveries.get(CHANNEL, 'x')).toMatchObject({ state: 'skipped', reason: 'Discord refused this article (code 50035)' });
    expect(await stores.deliveries.get(CHANNEL, 'y')).toBeUndefined();
    expect(await stores.deliveries.pending(CHANNEL)).toEqual([]);
    expect(await stores.deliveries.claim(claimOf('y'))).toBe(true);
  });

  it('a post made by hand is recorded as sent, unless the pair is already recorded', async () => {
    const { stores } = await open();
    await stores.deliveries.recordSent(claimOf('manual', { scheduleId: null, nonce: 'p1' }), '900');
    expect(await stores.deliveries.get(CHANNEL, 'manual')).toMatchObject({ state: 'sent', messageId: '900', scheduleId: null });
    await stores.deliveries.claim(claimOf('pend'));
    await stores.deliveries.recordSent(claimOf('pend', { nonce: 'p2' }), '901');
    expect(await stores.deliveries.get(CHANNEL, 'pend')).toMatchObject({ state: 'pending', nonce: 'n-pend', messageId: null });
  });
});

contractSuite('delivery log', (open) => {
  it('each attempt opens pending and is finished with its outcome; newest first, per schedule and per pair', async () => {
    const { stores } = await open();
    const first = await stores.log.start({ scheduleId: 's', guildId: GUILD, channelId: CHANNEL, articleId: 'a', at: at(0) });
    await stores.log.finish(first, { outcome: 'failed', code: 500, reason: 'Discord error 500' });
    const second = await stores.log.start({ scheduleId: 's', guildId: GUILD, channelId: CHANNEL, articleId: 'a', at: at(60) });
    expect(second).toBeGreaterThan(first);
    expect(await stores.log.latestFor(CHANNEL, 'a')).toEqual({ id: second, scheduleId: 's', guildId: GUILD, channelId: CHANNEL, articleId: 'a', at: at(60), outcome: 'pending', messageId: null, code: null, reason: null });
    await stores.log.finish(second, { outcome: 'posted', messageId: '901' });
    expect((await stores.log.recent('s', 10)).map((a) => [a.outcome, a.code, a.messageId, a.reason])).toEqual([['posted', null, '901', null], ['failed', 500, null, 'Discord error 500']]);
    expect((await stores.log.recent('s', 1)).map((a) => a.id)).toEqual([second]);
    expect(await stores.log.recent('other', 10)).toEqual([]);
    expect(await stores.log.latestFor(CHANNEL, 'b')).toBeUndefined();
  });
});
