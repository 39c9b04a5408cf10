// "New means new": articles a source reads in its first read (a feed's first fetch) are stored as a
// backlog, first seen at time 0, so no schedule takes them as new while a backfill still can. On both
// backends.
import { expect, it } from 'vitest';
import { parseFilter } from '../../../src/core/filter.js';
import { BACKLOG_SIGHTING, isBacklogSighting, type IncomingArticle, type ScheduleView } from '../../../src/store/catalog/types.js';
import { makeArticle } from '../../helpers/articles.js';
import { catalogSuite } from './catalog-suite.js';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000001';
const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const ORIGIN = 'feed:abc234';
const scope = { guildId: GUILD };


const view = (newSince: Date, query?: string): ScheduleView => {
  const parsed = query ? parseFilter(query) : undefined;
  if (parsed && !parsed.ok) throw new Error(parsed.error);
  return { guildId: GUILD, channelId: CHANNEL, newSince, filter: parsed?.ok ? parsed.filter : null };
};
const ids = (items: { id: string }[]) => items.map((item) => item.id);

catalogSuite('backlog articles', (open) => {
  const setup = async () => {
    const { catalog } = await open();
    const put = (incoming: IncomingArticle[]) => catalog.applyBatch(ORIGIN, incoming.map((one) => ({ op: 'put-article' as const, incoming: { guildId: GUILD, ...one } })));
    return { catalog, put };
  };

  const first = makeArticle({ id: 'fabc234-one', title: 'Harbour strike ends', publishedAt: at(-30) });
  const second = makeArticle({ id: 'fabc234-two', title: 'Harbour strike votes', publishedAt: at(-20) });

  it('are first seen at time 0, so a schedule made before the first fetch takes none as new', async () => {
    const { catalog, put } = await setup();
    await put([{ article: first, seenAt: at(10), backlog: true }, { article: second, seenAt: at(10), backlog: true }]);
    expect(isBacklogSighting((await catalog.get(first.id, scope))!.firstSeenAt)).toBe(true);
    expect((await catalog.firstSeen([first.id])).get(first.id)).toEqual(BACKLOG_SIGHTING);
    // The schedule existed well before the feed was added, with and without a filter: nothing waits.
    for (const query of [undefined, 'strike', '-nothing']) {
      expect((await catalog.waiting(view(at(0), query), at(60), 10)).articles).toEqual([]);
      expect(await catalog.waitingCount(view(at(0), query), at(60))).toBe(0);
    }
    const explained = await catalog.explain(first.id, view(at(0)), at(60));
    expect(explained).toMatchObject({ newSinceSchedule: false, queuePosition: undefined });
  });

  it('are still there for a backfill, newest first', async () => {
    const { catalog, put } = await setup();
    await put([{ article: first, seenAt: at(10), backlog: true }, { article: second, seenAt: at(10), backlog: true }]);
    expect(ids(await catalog.backfill(view(at(0)), at(60), 5))).toEqual([second.id, first.id]);
    expect(ids(await catalog.backfill(view(at(20), 'votes'), at(60), 5))).toEqual([second.id]);
  });

  it('entries of later reads are new, and sort after the backlog in the queue', async () => {
    const { catalog, put } = await setup();
    await put([{ article: first, seenAt: at(10), backlog: true }]);
    const later = makeArticle({ id: 'fabc234-three', title: 'Harbour reopens', publishedAt: at(25) });
    await put([{ article: later, seenAt: at(30) }]);
    expect(ids((await catalog.waiting(view(at(0)), at(60), 10)).articles)).toEqual([later.id]);
    expect(ids((await catalog.waiting(view(at(0), 'harbour'), at(60), 10)).articles)).toEqual([later.id]);
    // Through the resume cursor too.
    const { resume } = await catalog.waiting(view(at(0)), at(60), 10);
    expect(ids((await catalog.waiting(view(at(0)), at(61), 10, { resume })).articles)).toEqual([later.id]);
  });

  it('an id already known keeps its sighting: a backlog read never makes it old, nor new again', async () => {
    const { catalog, put } = await setup();
    await put([{ article: first, seenAt: at(10) }]);
    await put([{ article: { ...first, title: 'Harbour strike ends after nine days' }, seenAt: at(40), backlog: true }]);
    const stored = (await catalog.get(first.id, scope))!;
    expect(stored.firstSeenAt).toEqual(at(10));
    expect(stored.title).toBe('Harbour strike ends after nine days');
  });

  it('an edited backlog article is updated in place and stays out of the queue', async () => {
    const { catalog, put } = await setup();
    await put([{ article: first, seenAt: at(10), backlog: true }]);
    const [outcome] = (await put([{ article: { ...first, body: 'Edited text. With a new sentence.' }, seenAt: at(50) }])).upserts;
    expect(outcome).toEqual({ id: first.id, outcome: 'updated' });
    expect(isBacklogSighting((await catalog.get(first.id, scope))!.firstSeenAt)).toBe(true);
    expect((await catalog.waiting(view(at(0)), at(60), 10)).articles).toEqual([]);
  });

  it('an undated backlog article is dated when it was read, never 1970, and keeps that date', async () => {
    const { catalog, put } = await setup();
    const undated = makeArticle({ id: 'fabc234-undated', title: 'Undated notice', publishedAt: new Date(0) });
    await put([{ article: undated, seenAt: at(10), undated: true, backlog: true }]);
    expect((await catalog.get(undated.id, scope))!.publishedAt).toEqual(at(10));
    expect(ids(await catalog.latest(1, scope))).toEqual([undated.id]);
    // Read again (an edit) in a later fetch: the date stays the first one.
    await put([{ article: { ...undated, body: 'Now with more text. And another sentence.' }, seenAt: at(90), undated: true }]);
    const stored = (await catalog.get(undated.id, scope))!;
    expect(stored.publishedAt).toEqual(at(10));
    expect(stored.body).toContain('more text');
  });

  it('an undated article of a later read is dated by its first sighting as before', async () => {
    const { catalog, put } = await setup();
    const undated = makeArticle({ id: 'fabc234-later', title: 'Later notice', publishedAt: new Date(0) });
    await put([{ article: undated, seenAt: at(70), undated: true }]);
    expect((await catalog.get(undated.id, scope))!.publishedAt).toEqual(at(70));
  });
});
