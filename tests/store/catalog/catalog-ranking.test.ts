// Search ranking on a fixed small corpus: the catalog's order, pinned, and how it compares with the
// in-memory index it replaces. Where they differ it is on purpose: every title match ranks before any
// article that only mentions the words in its body, and among title matches bm25 decides.
import { describe, expect, it } from 'vitest';
import { ArticleLibrary } from '../../../src/core/library.js';
import { RANKING_CORPUS, RANKING_QUERIES } from '../../fixtures/ranking-corpus.js';
import { catalogOf } from '../../helpers/catalog.js';

const EXPECTED: [string, string[]][] = [
  ['strike', ['harbour-strike', 'rail-strike', 'strike-talks', 'council-budget']],
  ['harbour', ['harbour-strike', 'bridge-reopens', 'coastal-storm', 'port-expansion']],
  ['harbour strike', ['harbour-strike']],
  ['rail', ['rail-strike']],
  ['union talks', ['strike-talks', 'union-vote']],
  ['storm', ['storm-warning', 'coastal-storm']],
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

  it('lets the body decide between title matches', async () => {
    // Both titles say "storm"; storm-warning's body says it again.
    expect((await (await ranking())('storm'))[0]).toBe('storm-warning');
  });
});

// The in-memory index goes away once the app reads the catalog; these comparisons go with it.
describe('against the in-memory index', () => {
  const library = new ArticleLibrary(RANKING_CORPUS);
  const old = (query: string) => library.search(query, 12).map((hit) => hit.article.id);

  it.each(RANKING_QUERIES)('%s finds the same articles and the same best one', async (query) => {
    const now = await (await ranking())(query);
    expect([...now].sort()).toEqual([...old(query)].sort());
    expect(now[0]).toBe(old(query)[0]);
  });

  it('differs only in order, and only where a title match meets a body full of the word or lengths tie', async () => {
    const search = await ranking();
    const differing: string[] = [];
    for (const query of RANKING_QUERIES) if (JSON.stringify(await search(query)) !== JSON.stringify(old(query))) differing.push(query);
    expect(differing).toEqual(['strike', 'harbour', 'harb']);
  });
});
