import { expect, it } from 'vitest';
import type { EntryRecord, NewFeed } from '../../../src/store/feeds.js';
import { contractSuite } from './backends.js';
import { at, GUILD, MINUTE, OTHER_GUILD } from './fixtures.js';

const LEASE = 5 * MINUTE;
const LIMIT = { limit: 50 };
const ids = (feeds: { id: string }[]) => feeds.map((f) => f.id);

function newFeed(id: string, extra: Partial<NewFeed> = {}): NewFeed {
  return { id, guildId: GUILD, url: `https://news.example.org/${id}.xml`, name: null, fullText: false, createdAt: at(-60), nextFetchAt: at(-1), ...extra };
}

const record = (identity: string, articleId: string, contentHash: string | null = 'h1', key = identity): EntryRecord => ({ identity, key, articleId, contentHash });

contractSuite('feeds', (open) => {
  it('stores a feed and reads it back as it was given, with an empty fetch state', async () => {
    const { stores } = await open();
    const created = await stores.feeds.create(newFeed('abc234', { name: 'Harbour news', fullText: true }), LIMIT);
    expect(created.kind).toBe('created');
    expect(await stores.feeds.get('abc234')).toEqual({
      id: 'abc234',
      guildId: GUILD,
      url: 'https://news.example.org/abc234.xml',
      name: 'Harbour news',
      title: null,
      fullText: true,
      etag: null,
      lastModified: null,
      nextFetchAt: at(-1),
      failures: 0,
      lastError: null,
      lastFetchAt: null,
      lastSuccessAt: null,
      failing: false,
      failingNotified: false,
      noticeError: null,
      createdAt: at(-60),
      removedAt: null,
      lease: null,
    });
    expect(await stores.feeds.get('nope22')).toBeUndefined();
  });

  it('refuses the same address twice in one server, but not in another server or the global list', async () => {
    const { stores } = await open();
    const url = 'https://news.example.org/rss';
    expect((await stores.feeds.create(newFeed('first2', { url }), LIMIT)).kind).toBe('created');
    const again = await stores.feeds.create(newFeed('again2', { url }), LIMIT);
    expect(again).toMatchObject({ kind: 'duplicate', existing: { id: 'first2' } });
    expect((await stores.feeds.create(newFeed('other2', { url, guildId: OTHER_GUILD }), LIMIT)).kind).toBe('created');
    expect((await stores.feeds.create(newFeed('globa2', { url, guildId: null }), LIMIT)).kind).toBe('created');
    expect(await stores.feeds.create(newFeed('globb2', { url, guildId: null }), LIMIT)).toMatchObject({ kind: 'duplicate', existing: { id: 'globa2' } });
    expect(await stores.feeds.create(newFeed('first2', { url: 'https://elsewhere.example.org/' }), LIMIT)).toEqual({ kind: 'id-taken' });
  });

  it('refuses a feed past the per-server limit; global feeds have none', async () => {
    const { stores } = await open();
    for (const n of [1, 2]) expect((await stores.feeds.create(newFeed(`cap${n}22`), { limit: 2 })).kind).toBe('created');
    expect(await stores.feeds.create(newFeed('cap322'), { limit: 2 })).toEqual({ kind: 'full', limit: 2 });
    expect((await stores.feeds.create(newFeed('cap422', { guildId: OTHER_GUILD }), { limit: 2 })).kind).toBe('created');
    for (const n of [5, 6, 7]) expect((await stores.feeds.create(newFeed(`cap${n}22`, { guildId: null }), { limit: 2 })).kind).toBe('created');
  });

  it('two processes adding at once stay within the limit and never store one address twice', async () => {
    const harness = await open();
    const other = await harness.another();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => (n % 2 ? other : harness.stores).feeds.create(newFeed(`race${String(n).padStart(2, '0')}`, { url: `https://news.example.org/${n % 6}` }), { limit: 4 })),
    );
    const created = results.filter((r) => r.kind === 'created');
    expect(created).toHaveLength(4);
    expect(new Set((await harness.stores.feeds.list(GUILD)).map((f) => f.url)).size).toBe(4);
  });

  it('lists a server’s feeds, the global ones, and all of them', async () => {
    const { stores } = await open();
    await stores.feeds.create(newFeed('mine22', { createdAt: at(-5) }), LIMIT);
    await stores.feeds.create(newFeed('mine11', { createdAt: at(-9), url: 'https://a.example.org/' }), LIMIT);
    await stores.feeds.create(newFeed('their2', { guildId: OTHER_GUILD }), LIMIT);
    await stores.feeds.create(newFeed('globl2', { guildId: null }), LIMIT);
    expect(ids(await stores.feeds.list(GUILD))).toEqual(['mine11', 'mine22']);
    expect(ids(await stores.feeds.list(null))).toEqual(['globl2']);
    expect(ids(await stores.feeds.listAll())).toEqual(['globl2', 'mine11', 'mine22', 'their2']);
  });

  it('creates a feed already leased, so its first fetch is its creator’s', async () => {
    const harness = await open();
    const other = await harness.another();
    await harness.stores.feeds.create(newFeed('lease2'), { ...LIMIT, lease: { owner: 'process-a', until: at(5) } });
    expect(await other.feeds.claimDue(at(0), 'process-b', LEASE, 10)).toEqual([]);
    expect(await other.feeds.leaseOne('lease2', at(1), 'process-b', LEASE)).toBeUndefined();
    expect(ids(await other.feeds.claimDue(at(5), 'process-b', LEASE, 10))).toEqual(['lease2']);
  });

  it('claims due, free feeds earliest first; two processes never get the same feed', async () => {
    const harness = await open();
    const other = await harness.another();
    for (let n = 0; n < 30; n++) await harness.stores.feeds.create(newFeed(`f${String(n).padStart(5, '0')}`, { nextFetchAt: at(-n) }), LIMIT);
    await harness.stores.feeds.create(newFeed('later2', { nextFetchAt: at(10) }), LIMIT);
    const first = await harness.stores.feeds.claimDue(at(0), 'process-a', LEASE, 2);
    expect(ids(first)).toEqual(['f00029', 'f00028']);
    expect(first[0]!.lease).toEqual({ owner: 'process-a', until: at(5) });
    const rounds = await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 ? other : harness.stores).feeds.claimDue(at(0), n % 2 ? 'b' : 'a', LEASE, 4)));
    const all = rounds.flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(28);
    expect(all).not.toContain('later2');
  });

  it('a fetch is finished only by the lease holder, in one step with its entry records', async () => {
    const harness = await open();
    const other = await harness.another();
    await harness.stores.feeds.create(newFeed('fetch2'), LIMIT);
    await harness.stores.feeds.claimDue(at(0), 'process-a', LEASE, 10);
    // process-a is presumed dead at the end of its lease; process-b takes over.
    expect(ids(await other.feeds.claimDue(at(5), 'process-b', LEASE, 10))).toEqual(['fetch2']);
    expect(await harness.stores.feeds.renewLease('fetch2', 'process-a', at(20))).toBe(false);
    expect(await harness.stores.feeds.finishFetch('fetch2', 'process-a', { failures: 3 }, [record('guid:x', 'ffetch2-x')])).toBe(false);
    expect(await other.feeds.knownEntries('fetch2', ['guid:x'])).toEqual(new Map());
    const patch = { title: 'Harbour', etag: '"v1"', lastModified: 'Tue, 20 Oct 2026 10:00:00 GMT', nextFetchAt: at(20), failures: 0, lastError: null, lastFetchAt: at(6), lastSuccessAt: at(6) };
    expect(await other.feeds.finishFetch('fetch2', 'process-b', patch, [record('guid:y', 'ffetch2-y'), record('link:y', 'ffetch2-y', 'h1', 'guid:y')])).toBe(true);
    expect(await other.feeds.get('fetch2')).toMatchObject({ ...patch, lease: null });
    expect(await harness.stores.feeds.knownEntries('fetch2', ['guid:y', 'link:y', 'guid:z'])).toEqual(
      new Map([
        ['guid:y', record('guid:y', 'ffetch2-y')],
        ['link:y', record('link:y', 'ffetch2-y', 'h1', 'guid:y')],
      ]),
    );
    expect(await other.feeds.nextDueAt()).toEqual(at(20));
  });

  it('pending records never overwrite a known one, and a finished fetch confirms them', async () => {
    const { stores } = await open();
    await stores.feeds.create(newFeed('pend22'), LIMIT);
    await stores.feeds.leaseOne('pend22', at(0), 'me', LEASE);
    await stores.feeds.finishFetch('pend22', 'me', { failures: 0 }, [record('guid:a', 'fpend22-a', 'old')]);
    await stores.feeds.recordPending('pend22', [record('guid:a', 'fpend22-other', null), record('guid:b', 'fpend22-b', null)]);
    const known = await stores.feeds.knownEntries('pend22', ['guid:a', 'guid:b']);
    expect(known.get('guid:a')).toEqual(record('guid:a', 'fpend22-a', 'old'));
    expect(known.get('guid:b')).toEqual(record('guid:b', 'fpend22-b', null));
    await stores.feeds.leaseOne('pend22', at(1), 'me', LEASE);
    await stores.feeds.finishFetch('pend22', 'me', {}, [record('guid:b', 'fpend22-b', 'new')]);
    expect((await stores.feeds.knownEntries('pend22', ['guid:b'])).get('guid:b')).toEqual(record('guid:b', 'fpend22-b', 'new'));
    expect(await stores.feeds.articleCounts(['pend22', 'nope22'])).toEqual(new Map([['pend22', 2]]));
    expect(await stores.feeds.articleIds('pend22', '', 10)).toEqual(['fpend22-a', 'fpend22-b']);
    expect(await stores.feeds.articleIds('pend22', 'fpend22-a', 10)).toEqual(['fpend22-b']);
  });

  it('a feed being removed leaves every list, is due at once, and is deleted with its records only under its lease', async () => {
    const harness = await open();
    const { stores } = harness;
    await stores.feeds.create(newFeed('gone22', { nextFetchAt: at(600) }), LIMIT);
    await stores.feeds.leaseOne('gone22', at(0), 'me', LEASE);
    await stores.feeds.finishFetch('gone22', 'me', {}, [record('guid:a', 'fgone22-a')]);
    expect(await stores.feeds.markRemoved('gone22', at(1))).toBe(true);
    expect(await stores.feeds.markRemoved('gone22', at(1))).toBe(false);
    expect(await stores.feeds.get('gone22')).toBeUndefined();
    expect(await stores.feeds.list(GUILD)).toEqual([]);
    // Its address may be added again at once, as a new feed.
    expect((await stores.feeds.create(newFeed('back22', { url: 'https://news.example.org/gone22.xml' }), LIMIT)).kind).toBe('created');
    expect(await stores.feeds.nextDueAt()).toEqual(new Date(0));
    const claimed = await stores.feeds.claimDue(at(2), 'other', LEASE, 1);
    expect(claimed).toMatchObject([{ id: 'gone22', removedAt: at(1) }]);
    expect(await stores.feeds.purge('gone22', 'me')).toBe(false);
    expect(await stores.feeds.purge('gone22', 'other')).toBe(true);
    expect(await stores.feeds.articleIds('gone22', '', 10)).toEqual([]);
    expect(await stores.feeds.purge('back22', 'other')).toBe(false);
  });

  it('updates notice flags outside a lease; releasing gives the feed back unchanged', async () => {
    const { stores } = await open();
    await stores.feeds.create(newFeed('flag22'), LIMIT);
    await stores.feeds.update('flag22', { failing: true, failingNotified: true, noticeError: 'no channel' });
    expect(await stores.feeds.get('flag22')).toMatchObject({ failing: true, failingNotified: true, noticeError: 'no channel' });
    await stores.feeds.claimDue(at(0), 'me', LEASE, 10);
    await stores.feeds.releaseLease('flag22', 'someone-else');
    expect((await stores.feeds.get('flag22'))!.lease).toEqual({ owner: 'me', until: at(5) });
    await stores.feeds.releaseLease('flag22', 'me');
    expect((await stores.feeds.get('flag22'))!.lease).toBeNull();
  });

  it('skips a row that cannot be read, with a warning naming it', async () => {
    const harness = await open();
    await harness.stores.feeds.create(newFeed('good22'), LIMIT);
    await harness.stores.feeds.create(newFeed('bad222'), LIMIT);
    await harness.sql("UPDATE feeds SET url = 'ftp://nope' WHERE id = 'bad222'");
    expect(ids(await harness.stores.feeds.list(GUILD))).toEqual(['good22']);
    expect(harness.logs.some((line) => line.feedId === 'bad222' && String(line.msg).includes('cannot be read'))).toBe(true);
  });
});
