import { describe, expect, it } from 'vitest';
import { ArticleLibrary } from '../../src/core/library.js';
import { makeArticle } from '../helpers/articles.js';

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

function library(): ArticleLibrary {
  return new ArticleLibrary([port, rates, lodz]);
}

describe('ArticleLibrary', () => {
  it('lists newest published first', () => {
    expect(library().latest(3).map((a) => a.id)).toEqual(['ecb-rate-cut', '2026-10-14-port-strike-ends', 'lodz-bacteria']);
  });

  it('ranks a title match above a body mention', () => {
    expect(library().search('strike').map((hit) => hit.article.id)).toEqual(['2026-10-14-port-strike-ends', 'ecb-rate-cut']);
  });

  it('requires every word when some article has them all', () => {
    expect(library().search('dock shipping').map((hit) => hit.article.id)).toEqual(['2026-10-14-port-strike-ends']);
  });

  it('falls back to any word when no article has them all', () => {
    expect(library().search('shipping polyethylene').map((hit) => hit.article.id).sort()).toEqual(['2026-10-14-port-strike-ends', 'lodz-bacteria']);
  });

  it('matches without accents and with a small typo', () => {
    expect(library().search('lodz')[0]?.article.id).toBe('lodz-bacteria');
    expect(library().search('inflaton')[0]?.article.id).toBe('ecb-rate-cut');
  });

  it('reports which terms matched', () => {
    expect(library().search('rotterdam')[0]?.terms).toEqual(['rotterdam']);
  });

  it('returns nothing for empty or stop-word-only queries', () => {
    expect(library().search('   ')).toEqual([]);
    expect(library().search('the and of')).toEqual([]);
  });

  it('suggests by id prefix, then by title words, with the last word as a prefix', () => {
    const lib = library();
    expect(lib.suggest('2026-10')[0]?.id).toBe('2026-10-14-port-strike-ends');
    expect(lib.suggest('interest ra').map((a) => a.id)).toEqual(['ecb-rate-cut']);
    expect(lib.suggest('scientsts').map((a) => a.id)).toEqual(['lodz-bacteria']);
    expect(lib.suggest('')).toHaveLength(3);
  });

  it('caps suggestions at the limit', () => {
    const many = new ArticleLibrary(Array.from({ length: 40 }, (_, i) => makeArticle({ id: `storm-${i}`, title: `Storm update ${i}` })));
    expect(many.suggest('storm', 25)).toHaveLength(25);
  });

  it('replaces and removes articles, and search follows', () => {
    const lib = library();
    expect(lib.upsert({ ...port, title: 'Harbour dispute settled', body: 'Settled at last.' })).toBe(false);
    expect(lib.search('rotterdam')).toEqual([]);
    expect(lib.search('harbour')[0]?.article.id).toBe(port.id);
    expect(lib.remove('ecb-rate-cut')).toBe(true);
    expect(lib.search('inflation')).toEqual([]);
    expect(lib.get('ecb-rate-cut')).toBeUndefined();
    expect(lib.latest(5).map((a) => a.id)).toEqual([port.id, 'lodz-bacteria']);
  });

  it('stays correct after enough removals to trigger a rebuild', () => {
    const lib = new ArticleLibrary(Array.from({ length: 2500 }, (_, i) => makeArticle({ id: `a${i}`, title: `Item ${i}`, body: i % 2 ? 'odd body text' : 'even body text' })));
    for (let i = 0; i < 2000; i++) lib.remove(`a${i}`);
    expect(lib.size).toBe(500);
    expect(lib.search('odd', 1000)).toHaveLength(250);
    expect(lib.search('item 2499')[0]?.article.id).toBe('a2499');
  });
});
