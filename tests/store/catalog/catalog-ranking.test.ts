// Search ranking on a fixed small corpus, pinned: every title match ranks before any
// article that only mentions the words in its body, and title matches rank by bm25 over titles alone
// (the body would cost a walk through each word's whole list of articles; see sqlite-search.ts).
// Both backends find the same articles and put title matches first; the order within a tier comes from
// bm25 on SQLite and ts_rank_cd on PostgreSQL, which agree on every query here but one (pinned per backend).
import { describe, expect, it } from 'vitest';
import { RANKING_CORPUS, RANKING_QUERIES } from '../../fixtures/ranking-corpus.js';
import { SqliteCatalog } from '../../../src/store/catalog/sqlite-catalog.js';
import { catalogOf } from '../../helpers/catalog.js';
import { catalogSuite } from './catalog-suite.js';

const EXPECTED: [string, string[]][] = [
  ['strike', ['harbour-strike', 'rail-strike', 'strike-talks', 'council-budget']],
  ['harbour', ['harbour-strike', 'bridge-reopens', 'coastal-storm', 'port-expansion']],
  ['harbour strike', ['harbour-strike']],
  ['rail', ['rail-strike']],
  ['union talks', ['strike-talks', 'union-vote']],
  ['storm', ['coastal-storm', 'storm-warning']],
  ['shipping', ['shipping-rates', 'harbour-strike']],
  ['polls', ['election-polls']],
  ['vaccine results', ['vaccine-trial']],
  ['port', ['port-expansion', 'shipping-rates', 'strike-talks']],
  ['harb', ['harbour-strike', 'bridge-reopens', 'coastal-storm', 'port-expansion']],
  ['union pay offer', ['union-vote']],
];

/**
 * Where ts_rank_cd orders a tier otherwise than bm25: two body matches, where bm25 weighs the rarer
 * "union" above the repeated one and cover density the article that says "union" twice.
 */
const POSTGRES_ORDER: Record<string, string[]> = { 'union talks': ['union-vote', 'strike-talks'] };

/** Whether an article's title holds every query word, the last one as a prefix. */
const titleHolds = (id: string, query: string): boolean => {
  const title = RANKING_CORPUS.find((a) => a.id === id)!.title.toLowerCase().split(/\W+/);
  const words = query.split(' ');
  return words.every((word, i) => title.some((t) => (i === words.length - 1 ? t.startsWith(word) : t === word || t === `${word}s`)));
};

const ranking = async () => {
  const { catalog } = await catalogOf(RANKING_CORPUS);
  return async (query: string) => (await catalog.search(query, { limit: 12 })).map((hit) => hit.article.id);
};

catalogSuite('search ranking on a fixed corpus', (open) => {
  const ranked = async () => {
    const { catalog, fill, backend } = await open();
    await fill(RANKING_CORPUS);
    return { backend, search: async (query: string) => (await catalog.search(query, { limit: 12 })).map((hit) => hit.article.id) };
  };

  it('ranks every query as pinned for the backend', async () => {
    const { backend, search } = await ranked();
    for (const [query, expected] of EXPECTED) {
      expect({ query, order: await search(query) }).toEqual({ query, order: (backend === 'postgres' && POSTGRES_ORDER[query]) || expected });
    }
  });

  it('finds the same articles on every backend, title matches first, each with its score above the next', async () => {
    const { catalog, fill } = await open();
    await fill(RANKING_CORPUS);
    for (const [query, expected] of EXPECTED) {
      const hits = await catalog.search(query, { limit: 12 });
      const order = hits.map((hit) => hit.article.id);
      expect({ query, found: [...order].sort() }).toEqual({ query, found: [...expected].sort() });
      const titled = order.map((id) => titleHolds(id, query));
      expect({ query, titled }).toEqual({ query, titled: [...titled].sort((a, b) => Number(b) - Number(a)) });
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    }
  });

  it('puts every title match before an article that only mentions the word, however often', async () => {
    // coastal-storm says "harbour" four times in its body; bridge-reopens has it once, in the title.
    const order = await (await ranked()).search('harbour');
    expect(order.indexOf('bridge-reopens')).toBeLessThan(order.indexOf('coastal-storm'));
  });

  it('ranks title matches by their titles: the shorter, more focused one first', async () => {
    // Both titles say "storm" once; storm-warning's body says it again, which does not count here.
    expect(await (await ranked()).search('storm')).toEqual(['coastal-storm', 'storm-warning']);
  });
});

// SQLite only: its body tier ranks on the rarer words when some are common (see sqlite-ranking.ts).
describe('when common words only have to match (sqlite)', () => {
  it.each(RANKING_QUERIES)('%s still finds the same articles, and title matches first', async (query) => {
    const { db, catalog } = await catalogOf(RANKING_CORPUS);
    // A word in more than one article counts as common here, as one in 50,000 does in a real catalog.
    const lowered = new SqliteCatalog(db, undefined, { rankDocsLimit: 1 });
    const expected = (await catalog.search(query, { limit: 12 })).map((hit) => hit.article.id);
    const found = (await lowered.search(query, { limit: 12 })).map((hit) => hit.article.id);
    expect([...found].sort()).toEqual([...expected].sort());
    const titled = expected.filter((id) => RANKING_CORPUS.find((a) => a.id === id)!.title.toLowerCase().includes(query.split(' ')[0]!));
    expect(found.slice(0, titled.length).sort()).toEqual(titled.sort());
  });
});
