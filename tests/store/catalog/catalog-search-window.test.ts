// Search over a catalog large enough for the PostgreSQL side to read a word's matches in each of its
// ways (catalog-ranking.ts): a word in every article walks the newest, one in about half is read
// through the index among the newest articles only, a rare one through the index alone. Whatever the
// way, the newest matches come first when their scores tie, on both backends.
import { expect, it } from 'vitest';
import { makeArticle } from '../../helpers/articles.js';
import { catalogSuite } from './catalog-suite.js';

const SIZE = 2600;
const id = (n: number) => `report-${String(n).padStart(4, '0')}`;
const corpus = Array.from({ length: SIZE }, (_, n) =>
  makeArticle({
    id: id(n),
    title: `Report ${n}`,
    // 12 of every 25 mention the harbour: a little under half.
    body: `The budget talks continue. ${n % 25 < 12 ? 'The harbour stays open.' : 'Nothing else changed.'}${n === 1234 ? ' A lighthouse was sold.' : ''}`,
    publishedAt: new Date('2026-10-01T00:00:00Z'),
  }),
);
const newest = (matching: (n: number) => boolean, count: number) =>
  Array.from({ length: SIZE }, (_, n) => SIZE - 1 - n)
    .filter(matching)
    .slice(0, count)
    .map(id);

catalogSuite('search windows', (open) => {
  it('lists the newest matches first however common the word', { timeout: 60_000 }, async () => {
    const { catalog, fill, sql } = await open();
    await fill(corpus);
    // Statistics as a running server keeps them: PostgreSQL weighs word counts against them.
    await sql('ANALYZE articles');
    const ids = async (query: string) => (await catalog.search(query, { limit: 5 })).map((hit) => hit.article.id);
    expect(await ids('budget')).toEqual(newest(() => true, 5));
    expect(await ids('harbour')).toEqual(newest((n) => n % 25 < 12, 5));
    expect(await ids('lighthouse')).toEqual([id(1234)]);
  });
});
