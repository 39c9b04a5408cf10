// The schedule queue, backfill, explanations and first sightings, on both backends.
import { expect, it } from 'vitest';
import type { Article } from '../../../src/core/article.js';
import { type Filter, parseFilter } from '../../../src/core/filter.js';
import type { ScheduleView } from '../../../src/store/catalog/types.js';
import { makeArticle } from '../../helpers/articles.js';
import { type CatalogHarness, catalogSuite } from './catalog-suite.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const CHANNEL = '300000000000000001';
const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function filter(query: string): Filter {
  const parsed = parseFilter(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.filter;
}

/** A catalog where each article is first seen at the minute given. */
async function catalogSeen(harness: CatalogHarness, entries: { article: Article; seen: number; guildId?: string }[]) {
  for (const { article, seen, guildId } of entries) {
    await harness.catalog.applyBatch('folder', [{ op: 'put-article', incoming: { article, seenAt: at(seen), guildId: guildId ?? null } }]);
  }
  return harness;
}

const view = (newSince: Date, query?: string): ScheduleView => ({ guildId: GUILD, channelId: CHANNEL, newSince, filter: query ? filter(query) : null });
const ids = (items: ({ id: string } | { article: { id: string } })[]) => items.map((item) => ("article" in item ? item.article.id : item.id));

catalogSuite('schedule queries', (open) => {
  const old = makeArticle({ id: 'old', title: 'Rail strike called off', publishedAt: at(-100) });
  const a = makeArticle({ id: 'a', title: 'Port strike begins', publishedAt: at(5) });
  const b = makeArticle({ id: 'b', title: 'Rail strikes spread', publishedAt: at(1) });
  const c = makeArticle({ id: 'c', title: 'Bridge reopens', publishedAt: at(2) });
  const future = makeArticle({ id: 'future', title: 'Strike planned', publishedAt: at(500) });
  const theirs = makeArticle({ id: 'theirs', title: 'A strike elsewhere', publishedAt: at(3) });
  const corpus = async () =>
    catalogSeen(await open(), [
      { article: old, seen: 0 },
      { article: b, seen: 20 },
      { article: a, seen: 20 },
      { article: c, seen: 30 },
      { article: future, seen: 30 },
      { article: theirs, seen: 30, guildId: OTHER_GUILD },
    ]);

  it('posts articles first seen after the schedule was created, oldest first, at most the count', async () => {
    const { catalog } = await corpus();
    expect(ids((await catalog.waiting(view(at(10)), at(60), 10)).articles)).toEqual(['b', 'a', 'c']);
    expect(ids((await catalog.waiting(view(at(10)), at(60), 2)).articles)).toEqual(['b', 'a']);
    expect(ids((await catalog.waiting(view(at(25)), at(60), 10)).articles)).toEqual(['c']);
  });

  it('waits for a future published time, and skips what is delivered here or planned already', async () => {
    const { catalog, deliver } = await corpus();
    expect(ids((await catalog.waiting(view(at(10)), at(600), 10)).articles)).toEqual(['b', 'a', 'c', 'future']);
    await deliver('b');
    await deliver('a', '300000000000000009');
    expect(ids((await catalog.waiting(view(at(10)), at(60), 10, { skip: new Set(['c']) })).articles)).toEqual(['a']);
    expect(await catalog.waitingCount(view(at(10)), at(60))).toBe(2);
    expect(await catalog.waitingCount(view(at(10)), at(60), { atMost: 1 })).toBe(1);
  });

  it('applies the exact filter: whole words, plurals, exclusions', async () => {
    const { catalog } = await corpus();
    expect(ids((await catalog.waiting(view(at(10), 'strike'), at(60), 10)).articles)).toEqual(['b', 'a']);
    expect(ids((await catalog.waiting(view(at(10), 'strike -rail'), at(60), 10)).articles)).toEqual(['a']);
    expect(ids((await catalog.waiting(view(at(10), '"rail strike"'), at(60), 10)).articles)).toEqual(['b']);
    expect(ids((await catalog.waiting(view(at(10), '-strike'), at(60), 10)).articles)).toEqual(['c']);
  });

  it('backfills the newest matching articles that existed when the schedule was created', async () => {
    const { catalog, deliver } = await corpus();
    expect(ids(await catalog.backfill(view(at(25), 'strike'), at(60), 5))).toEqual(['a', 'b', 'old']);
    expect(ids(await catalog.backfill(view(at(25), 'strike'), at(60), 1))).toEqual(['a']);
    // Delivered or not, the newest stay the newest: a first run run again backfills the same ones.
    await deliver('a');
    expect(ids(await catalog.backfill(view(at(25), 'strike'), at(60), 1))).toEqual(['a']);
  });

  it('explains why an article is or is not posted', async () => {
    const { catalog, deliver } = await corpus();
    expect(await catalog.explain('a', view(at(10), 'strike'), at(60))).toEqual({
      articleId: 'a',
      // Seen in the same millisecond as b, and second in line after it.
      firstSeenAt: at(20),
      newSinceSchedule: true,
      published: true,
      filterMismatch: undefined,
      deliveredHere: false,
      queuePosition: 2,
    });
    expect(await catalog.explain('old', view(at(10)), at(60))).toMatchObject({ newSinceSchedule: false, queuePosition: undefined });
    expect(await catalog.explain('c', view(at(10), 'strike'), at(60))).toMatchObject({ filterMismatch: 'does not contain the word “strike”', queuePosition: undefined });
    expect(await catalog.explain('future', view(at(10)), at(60))).toMatchObject({ published: false, queuePosition: undefined });
    await deliver('b');
    expect(await catalog.explain('b', view(at(10)), at(60))).toMatchObject({ deliveredHere: true, queuePosition: undefined });
    expect(await catalog.explain('a', view(at(10)), at(60))).toMatchObject({ queuePosition: 1 });
    expect(await catalog.explain('missing', view(at(10)), at(60))).toBeUndefined();
  });

  it('resumes where the last run left off, and still posts an older article once its time comes', async () => {
    const { catalog, deliver } = await corpus();
    let answer = await catalog.waiting(view(at(10)), at(60), 2);
    expect(ids(answer.articles)).toEqual(['b', 'a']);
    for (const article of answer.articles) await deliver(article.id);
    answer = await catalog.waiting(view(at(10)), at(60), 2, { resume: answer.resume });
    expect(ids(answer.articles)).toEqual(['c']);
    await deliver('c');
    answer = await catalog.waiting(view(at(10)), at(60), 2, { resume: answer.resume });
    expect(ids(answer.articles)).toEqual([]);
    // "future" was first seen long ago but is only published at minute 500.
    answer = await catalog.waiting(view(at(10)), at(600), 2, { resume: answer.resume });
    expect(ids(answer.articles)).toEqual(['future']);
    expect(await catalog.waitingCount(view(at(10)), at(600), { resume: answer.resume })).toBe(1);
  });

  it('keeps late articles it had no room for', async () => {
    const late = [1, 2, 3].map((n) => makeArticle({ id: `late-${n}`, title: `Late ${n}`, publishedAt: at(200 + n) }));
    const { catalog } = await catalogSeen(await open(), late.map((article) => ({ article, seen: 20 })));
    let answer = await catalog.waiting(view(at(10)), at(60), 2);
    expect(ids(answer.articles)).toEqual([]);
    answer = await catalog.waiting(view(at(10)), at(600), 2, { resume: answer.resume });
    expect(ids(answer.articles)).toEqual(['late-1', 'late-2']);
    answer = await catalog.waiting(view(at(10)), at(600), 2, { resume: answer.resume, skip: new Set(['late-1', 'late-2']) });
    expect(ids(answer.articles)).toEqual(['late-3']);
  });

  it('keeps the first sighting when an article is edited or deleted and restored', async () => {
    const { catalog } = await corpus();
    await catalog.applyBatch('folder', [{ op: 'put-article', incoming: { article: { ...c, title: 'Bridge reopens again' }, seenAt: at(90) } }]);
    await catalog.applyBatch('folder', [{ op: 'drop-article', id: 'b' }]);
    await catalog.applyBatch('folder', [{ op: 'put-article', incoming: { article: b, seenAt: at(95) } }]);
    expect((await catalog.firstSeen(['b', 'c', 'nope'])).get('b')).toEqual(at(20));
    expect(ids((await catalog.waiting(view(at(25)), at(120), 10)).articles)).toEqual(['c']);
  });

  it('shows a server its own articles and everyone else only those visible everywhere', async () => {
    const { catalog } = await corpus();
    expect(ids((await catalog.waiting({ ...view(at(10)), guildId: OTHER_GUILD }, at(60), 10)).articles)).toEqual(['b', 'a', 'c', 'theirs']);
    expect(await catalog.get('theirs', { guildId: GUILD })).toBeUndefined();
    expect(await catalog.get('theirs', { guildId: OTHER_GUILD })).toMatchObject({ guildId: OTHER_GUILD });
    expect(await catalog.count({ guildId: null })).toBe(5);
    expect(ids(await catalog.search('strike', { limit: 10, scope: { guildId: null } }))).not.toContain('theirs');
  });
});
