// Search ranking on a fixed small corpus, pinned: every title match ranks before any article that only
// mentions the words in its body, and title matches rank by bm25 over titles alone (the body would cost
// a walk through each word's whole list of articles; see sqlite-search.ts).
import { describe, expect, it } from 'vitest';
import { RANKING_CORPUS, RANKING_QUERIES } from '../../fixtures/ranking-corpus.js';
import { SqliteCatalog } from '../../../src/store/catalog/sqlite-catalog.js';
import { catalogOf } from '../../helpers/catalog.js';

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

const ranking = async () => {
  const { catalog } = await catalogOf(RANKING_CORPUS);
  return async (query: string) => (await catalog.search(query, { limit: 12 })).map((hit) => hit.article.id);
};

describe('search ranking on a fixed corpus', () => {
  it.each(EXPECTED)('%s ranks as pinned', async (query, expected) => {
    expect(await (await ranking())(query)).toEqual(expected);
  });

  it('puts every title match before an article that only mentions the word, however often', async () => {
    // coastal-storm says "harbour" four times in its body; bridge-reopens has it once, in the title.
    const order = await (await ranking())('harbour');
    expect(order.indexOf('bridge-reopens')).toBeLessThan(order.indexOf('coastal-storm'));
  });

  it('ranks title matches by their titles: the shorter, more focused one first', async () => {
    // Both titles say "storm" once; storm-warning's body says it again, which does not count here.
    expect(await (await ranking())('storm')).toEqual(['coastal-storm', 'storm-warning']);
  });
});

describe('when common words only have to match', () => {
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
