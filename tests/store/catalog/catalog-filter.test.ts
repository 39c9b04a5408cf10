// The database selection of a schedule's filter must be exactly what matchesFilter accepts. Checked
// over a generated corpus and generated filters: plurals, accents, punctuation, phrases that cross the
// title and body boundary, exclusions, and words that only look alike ("news" and "new"), and a few
// articles longer than a PostgreSQL tsvector keeps every position of (see catalog-vectors.ts).
import { expect, it } from 'vitest';
import { filterText, matchesFilter, parseFilter } from '../../../src/core/filter.js';
import { mulberry32 } from '../../../scripts/bench/corpus.js';
import { makeArticle } from '../../helpers/articles.js';
import { catalogSuite } from './catalog-suite.js';

const WORDS = [
  'strike', 'strikes', 'striker', 'rail', 'Rail', 'port', 'city', 'cities', 'war', 'wars', 'warning', 'news', 'new',
  'Łódź', 'lodz', 'covid-19', 'covid', '19', 'box', 'boxes', 'general', 'the', 'a', 'crisis', 'bus', 'Café', 'cafe',
];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', ' — ', '\n\n'];

catalogSuite('exact filters in the database', (open) => {
  it('select exactly the articles matchesFilter accepts', async () => {
    const random = mulberry32(20261129);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const text = (min: number, max: number) => {
      let out = pick(WORDS);
      for (let n = min + Math.floor(random() * (max - min)); n > 0; n--) out += pick(SEPARATORS) + pick(WORDS);
      return out;
    };
    const articles = Array.from({ length: 160 }, (_, i) => makeArticle({ id: `gen-${i}`, title: text(1, 6), body: text(0, 25) }));
    const { catalog, fill } = await open();
    await fill(articles, { seenAt: new Date('2026-11-02T00:00:00Z') });
    const view = { guildId: '100000000000000001', channelId: '300000000000000001', newSince: new Date('2026-11-01T00:00:00Z') };
    const now = new Date('2030-01-01T00:00:00Z');

    let compared = 0;
    for (let round = 0; round < 250; round++) {
      const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const item = random() < 0.3 ? `"${pick(WORDS)} ${pick(WORDS)}"` : pick(WORDS);
        return random() < 0.25 ? `-${item}` : item;
      });
      const parsed = parseFilter(items.join(' '));
      if (!parsed.ok) continue;
      const expected = articles.filter((article) => matchesFilter(parsed.filter, filterText(article))).map((a) => a.id).sort();
      const selected = (await catalog.waiting({ ...view, filter: parsed.filter }, now, 1000)).articles.map((a) => a.id).sort();
      expect({ filter: items.join(' '), selected }).toEqual({ filter: items.join(' '), selected: expected });
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
  });
});

catalogSuite('exact filters on very long articles', (open) => {
  it('find a phrase and an excluded word past the positions a tsvector keeps', async () => {
    const { catalog, fill } = await open();
    const articles = [
      // "port rail" comes after the 256th "port"; "crane harbour" after the 16,383rd word.
      makeArticle({ id: 'repeats', title: 'Repeats', body: `${'port '.repeat(300)}rail strike` }),
      makeArticle({ id: 'lengthy', title: 'Lengthy', body: `${'filler words '.repeat(8500)}crane harbour, and dock later` }),
      makeArticle({ id: 'short', title: 'Short', body: 'A port and a rail line, a crane and a harbour.' }),
    ];
    await fill(articles, { seenAt: new Date('2026-11-02T00:00:00Z') });
    const view = { guildId: '100000000000000001', channelId: '300000000000000001', newSince: new Date('2026-11-01T00:00:00Z') };
    const selected = async (query: string) => {
      const parsed = parseFilter(query);
      if (!parsed.ok) throw new Error(parsed.error);
      return (await catalog.waiting({ ...view, filter: parsed.filter }, new Date('2030-01-01T00:00:00Z'), 10)).articles.map((a) => a.id).sort();
    };
    expect(await selected('"port rail"')).toEqual(['repeats']);
    expect(await selected('"crane harbour"')).toEqual(['lengthy']);
    expect(await selected('"harbour dock"')).toEqual([]);
    expect(await selected('port -"rail strike"')).toEqual(['short']);
    expect(await selected('-dock')).toEqual(['repeats', 'short']);
    expect(await selected('crane -"crane harbour"')).toEqual(['short']);
  });
});
