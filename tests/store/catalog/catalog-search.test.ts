// Search, autocomplete and the plain reads, on both backends.
import { expect, it } from 'vitest';
import { makeArticle } from '../../helpers/articles.js';
import { catalogSuite } from './catalog-suite.js';

const port = makeArticle({
  id: '2026-10-14-port-strike-ends',
  title: 'Port strike ends after nine days',
  body: 'Dock workers in Rotterdam voted to end a strike. Shipping resumed on Tuesday.',
  publishedAt: new Date('2026-10-14T08:00:00Z'),
});
const rates = makeArticle({
  id: 'ecb-rate-cut',
  title: 'Central bank cuts interest rates',
  body: 'The bank lowered its deposit rate by a quarter point as inflation eased. Dock strikes were not mentioned.',
  publishedAt: new Date('2026-10-20T08:00:00Z'),
});
const lodz = makeArticle({
  id: 'lodz-bacteria',
  title: 'Łódź scientists find plastic-eating bacteria',
  body: 'Researchers in Łódź said the microbes break down polyethylene.',
  publishedAt: new Date('2026-09-01T08:00:00Z'),
});

const ids = (hits: { article: { id: string } }[]) => hits.map((hit) => hit.article.id);

catalogSuite('catalog search', (open) => {
  async function catalog() {
    const harness = await open();
    await harness.fill([port, rates, lodz]);
    return harness.catalog;
  }

  it('lists newest published first', async () => {
    expect((await (await catalog()).latest(3)).map((a) => a.id)).toEqual(['ecb-rate-cut', '2026-10-14-port-strike-ends', 'lodz-bacteria']);
  });

  it('ranks a title match above a body mention', async () => {
    expect(ids(await (await catalog()).search('strike', { limit: 10 }))).toEqual(['2026-10-14-port-strike-ends', 'ecb-rate-cut']);
  });

  it('requires every word when some article has them all', async () => {
    expect(ids(await (await catalog()).search('dock shipping', { limit: 10 }))).toEqual(['2026-10-14-port-strike-ends']);
  });

  it('falls back to any word when no article has them all', async () => {
    expect(ids(await (await catalog()).search('shipping polyethylene', { limit: 10 })).sort()).toEqual(['2026-10-14-port-strike-ends', 'lodz-bacteria']);
  });

  it('matches without accents and with a small typo', async () => {
    const c = await catalog();
    expect(ids(await c.search('lodz', { limit: 10 }))[0]).toBe('lodz-bacteria');
    expect(ids(await c.search('inflaton', { limit: 10 }))[0]).toBe('ecb-rate-cut');
  });

  it('reports which words matched, as they are written folded', async () => {
    const c = await catalog();
    expect((await c.search('rotterdam', { limit: 10 }))[0]?.terms).toEqual(['rotterdam']);
    expect((await c.search('strike', { limit: 10 }))[1]?.terms).toEqual(['strikes']);
  });

  it('returns nothing for empty or stop-word-only queries', async () => {
    const c = await catalog();
    expect(await c.search('   ', { limit: 10 })).toEqual([]);
    expect(await c.search('the and of', { limit: 10 })).toEqual([]);
  });

  it('suggests by id prefix, then by title words, with the last word as a prefix', async () => {
    const c = await catalog();
    expect((await c.suggest('2026-10', 25))[0]?.id).toBe('2026-10-14-port-strike-ends');
    expect((await c.suggest('interest ra', 25)).map((a) => a.id)).toEqual(['ecb-rate-cut']);
    expect((await c.suggest('scientsts', 25)).map((a) => a.id)).toEqual(['lodz-bacteria']);
    expect(await c.suggest('', 25)).toHaveLength(3);
  });

  it('caps suggestions at the limit', async () => {
    const { catalog: many, fill } = await open();
    await fill(Array.from({ length: 40 }, (_, i) => makeArticle({ id: `storm-${i}`, title: `Storm update ${i}` })));
    expect(await many.suggest('storm', 25)).toHaveLength(25);
  });

  it('replaces and removes articles, and search follows', async () => {
    const c = await catalog();
    const put = await c.applyBatch('folder', [{ op: 'put-article', incoming: { article: { ...port, title: 'Harbour dispute settled', body: 'Settled at last.' }, seenAt: new Date() } }]);
    expect(put.upserts).toEqual([{ id: port.id, outcome: 'updated' }]);
    expect(await c.search('rotterdam', { limit: 10 })).toEqual([]);
    expect(ids(await c.search('harbour', { limit: 10 }))[0]).toBe(port.id);
    expect((await c.applyBatch('folder', [{ op: 'drop-article', id: 'ecb-rate-cut' }])).removed).toEqual(['ecb-rate-cut']);
    expect(await c.search('inflation', { limit: 10 })).toEqual([]);
    expect(await c.get('ecb-rate-cut')).toBeUndefined();
    expect((await c.latest(5)).map((a) => a.id)).toEqual([port.id, 'lodz-bacteria']);
  });
});
