// One behaviour for every summary cache: the memory one, SQLite and PostgreSQL.
// Claims decide who asks the model; settling and releasing follow the rules in summary-cache.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { SqliteSummaryCache } from '../../src/store/summaries/sqlite-summary-cache.js';
import { MemorySummaryCache, type SummaryCache, type SummaryKey } from '../../src/summaries/summary-cache.js';
import { silentLogger } from '../../src/logger.js';
import { openStores } from '../../src/store/open-stores.js';
import { freshPostgresUrl, POSTGRES_SKIP } from '../store/contract/backends.js';

const KEY: SummaryKey = { articleId: 'port-strike', contentHash: 'hash-1', sentences: 3, model: 'llama3.2:3b' };
const t = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes));
const STALE = 2; // minutes

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const backends: [string, () => Promise<SummaryCache>][] = [
  ['memory', async () => new MemorySummaryCache()],
  ['sqlite', async () => {
    const db = openDatabase(':memory:');
    cleanups.push(() => void db.close());
    return new SqliteSummaryCache(db);
  }],
  ...(POSTGRES_SKIP === undefined
    ? [['postgres', async () => {
        const stores = await openStores({ databasePath: '(unused)', databaseUrl: await freshPostgresUrl() }, { logger: silentLogger(), clock: { now: () => new Date() } });
        cleanups.push(() => stores.close());
        return stores.summaries;
      }] as [string, () => Promise<SummaryCache>]]
    : []),
];
if (POSTGRES_SKIP) it.skip(`summary cache contract (postgres) skipped: ${POSTGRES_SKIP}`, () => undefined);

const claimAt = (cache: SummaryCache, owner: string, minute: number, key = KEY) => cache.claim(key, owner, t(minute), t(minute - STALE));

describe.each(backends)('summary cache contract (%s)', (_name, open) => {
  it('gives the first claim to one owner; a second sees it pending', async () => {
    const cache = await open();
    expect(await cache.get(KEY)).toBeUndefined();
    expect(await claimAt(cache, 'a', 0)).toEqual({ claimed: true });
    expect(await claimAt(cache, 'b', 1)).toEqual({ claimed: false, current: { state: 'pending', owner: 'a', claimedAt: t(0) } });
  });

  it('lets a stale claim be taken over, and the slow owner can no longer release it', async () => {
    const cache = await open();
    await claimAt(cache, 'a', 0);
    expect(await claimAt(cache, 'b', STALE + 1)).toEqual({ claimed: true });
    expect(await cache.release(KEY, 'a', 'timeout', t(20), t(3))).toBe(false);
    expect(await cache.get(KEY)).toMatchObject({ state: 'pending', owner: 'b' });
  });

  it('keeps the first answer; later claims and answers change nothing', async () => {
    const cache = await open();
    await claimAt(cache, 'a', 0);
    expect(await cache.accept(KEY, ['One.', 'Two.'], t(1))).toBe(true);
    expect(await cache.accept(KEY, ['Other.'], t(2))).toBe(false);
    expect(await cache.reject(KEY, 'late', t(2))).toBe(false);
    expect(await claimAt(cache, 'b', 60)).toEqual({ claimed: false, current: { state: 'accepted', sentences: ['One.', 'Two.'] } });
    expect(await cache.get(KEY)).toEqual({ state: 'accepted', sentences: ['One.', 'Two.'] });
  });

  it('keeps a refusal for good', async () => {
    const cache = await open();
    await claimAt(cache, 'a', 0);
    expect(await cache.reject(KEY, 'the answer mentions @everyone or @here', t(1))).toBe(true);
    expect(await claimAt(cache, 'b', 24 * 60)).toEqual({ claimed: false, current: { state: 'rejected', reason: 'the answer mentions @everyone or @here' } });
  });

  it('after a release, nobody claims before the retry time; then anyone may', async () => {
    const cache = await open();
    await claimAt(cache, 'a', 0);
    expect(await cache.release(KEY, 'a', 'HTTP 503', t(10), t(0))).toBe(true);
    expect(await claimAt(cache, 'b', 9)).toEqual({ claimed: false, current: { state: 'failed', reason: 'HTTP 503', retryAfter: t(10) } });
    expect(await claimAt(cache, 'b', 10)).toEqual({ claimed: true });
    expect(await cache.get(KEY)).toEqual({ state: 'pending', owner: 'b', claimedAt: t(10) });
  });

  it('only the owner releases a pending claim; nothing is settled without a claim', async () => {
    const cache = await open();
    expect(await cache.accept(KEY, ['One.'], t(0))).toBe(false);
    expect(await cache.get(KEY)).toBeUndefined();
    await claimAt(cache, 'a', 0);
    expect(await cache.release(KEY, 'b', 'HTTP 503', t(10), t(0))).toBe(false);
    expect(await cache.get(KEY)).toMatchObject({ state: 'pending', owner: 'a' });
  });

  it('keeps each article version, length and model apart', async () => {
    const cache = await open();
    await claimAt(cache, 'a', 0);
    await cache.accept(KEY, ['One.'], t(0));
    for (const other of [{ ...KEY, contentHash: 'hash-2' }, { ...KEY, sentences: 2 }, { ...KEY, model: 'qwen2.5:7b' }, { ...KEY, articleId: 'other' }]) {
      expect(await cache.get(other)).toBeUndefined();
      expect(await claimAt(cache, 'b', 0, other)).toEqual({ claimed: true });
    }
  });

  it('hands out copies: changing a returned summary changes nothing stored', async () => {
    const cache = await open();
    await claimAt(cache, 'a', 0);
    const sentences = ['One.'];
    await cache.accept(KEY, sentences, t(0));
    sentences.push('Two.');
    const got = await cache.get(KEY);
    if (got?.state === 'accepted') got.sentences.push('Three.');
    expect(await cache.get(KEY)).toEqual({ state: 'accepted', sentences: ['One.'] });
  });
});

describe('SQLite summary cache across processes', () => {
  async function twoConnections(): Promise<[Database, Database]> {
    const dir = await mkdtemp(join(tmpdir(), 'news-summaries-'));
    const first = openDatabase(join(dir, 'bot.sqlite'));
    const second = openDatabase(join(dir, 'bot.sqlite'));
    cleanups.push(async () => {
      first.close();
      second.close();
      await rm(dir, { recursive: true, force: true });
    });
    return [first, second];
  }

  it('gives a version to exactly one of two processes claiming it, and both then read its answer', async () => {
    const [first, second] = await twoConnections();
    const a = new SqliteSummaryCache(first);
    const b = new SqliteSummaryCache(second);
    const results = await Promise.all([claimAt(a, 'a', 0), claimAt(b, 'b', 0)]);
    expect(results.filter((result) => result.claimed)).toHaveLength(1);
    await (results[0]!.claimed ? a : b).accept(KEY, ['One.'], t(1));
    expect(await a.get(KEY)).toEqual({ state: 'accepted', sentences: ['One.'] });
    expect(await b.get(KEY)).toEqual({ state: 'accepted', sentences: ['One.'] });
  });

  it('treats a stored summary edited into nonsense as a refusal', async () => {
    const [db] = await twoConnections();
    const cache = new SqliteSummaryCache(db);
    await claimAt(cache, 'a', 0);
    await cache.accept(KEY, ['One.'], t(0));
    db.prepare("UPDATE model_summaries SET summary = '{broken'").run();
    expect(await cache.get(KEY)).toEqual({ state: 'rejected', reason: 'the stored summary is unreadable' });
  });
});
