// Two bot processes writing one catalog at once (two connections to one database): the same folder
// synced by both, and articles of their own. No article may be lost or doubled, every id keeps one first
// sighting, and the schedule queue holds every article once, in sighting order.
import { expect, it } from 'vitest';
import type { Article } from '../../../src/core/article.js';
import type { ArticleCatalog } from '../../../src/store/catalog/types.js';
import { makeArticle } from '../../helpers/articles.js';
import { catalogSuite } from './catalog-suite.js';

const seenAt = new Date('2026-11-01T00:00:00Z');
const shared = Array.from({ length: 60 }, (_, i) => makeArticle({ id: `shared-${i}`, title: `Shared story ${i}`, body: `Harbour news number ${i}.` }));
const own = (who: string) => Array.from({ length: 60 }, (_, i) => makeArticle({ id: `${who}-${i}`, title: `${who} story ${i}`, body: `Harbour news from ${who}.` }));

/** Applies the articles in batches of five, each batch awaited before the next, as a sync does. */
async function importAll(catalog: ArticleCatalog, articles: readonly Article[]): Promise<void> {
  for (let at = 0; at < articles.length; at += 5) {
    await catalog.applyBatch('folder', articles.slice(at, at + 5).map((article) => ({ op: 'put-article' as const, incoming: { article, seenAt } })));
  }
}

catalogSuite('two processes writing the catalog', (open) => {
  it('lose and double nothing, and give every id one first sighting', async () => {
    const first = await open();
    const second = (await first.another()).catalog;
    await Promise.all([importAll(first.catalog, [...shared, ...own('one')]), importAll(second, [...own('two'), ...[...shared].reverse()])]);

    expect(await first.catalog.count()).toBe(180);
    expect(await second.count()).toBe(180);
    const ids = [...shared, ...own('one'), ...own('two')].map((a) => a.id);
    const sightings = await first.catalog.firstSeen(ids);
    expect(sightings.size).toBe(180);
    // Both processes' clocks read the same time: a sighting never runs ahead of it.
    expect(new Set([...sightings.values()].map((d) => d.getTime()))).toEqual(new Set([seenAt.getTime()]));

    // The word counts agree with the articles: every article is found once, and only once.
    const hits = await second.search('harbour', { limit: 500 });
    expect(hits.map((hit) => hit.article.id).sort()).toEqual([...ids].sort());
    const view = { guildId: '100000000000000001', channelId: '300000000000000001', newSince: new Date('2026-10-01T00:00:00Z'), filter: null };
    const queue = (await first.catalog.waiting(view, new Date('2030-01-01T00:00:00Z'), 500)).articles;
    expect(queue.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(queue.map((a) => a.firstSeenAt.getTime())).toEqual([...sightings.values()].map((d) => d.getTime()).sort((a, b) => a - b));
  });

  it('remove an article once when both drop it at the same time', async () => {
    const first = await open();
    await first.fill(shared);
    const second = (await first.another()).catalog;
    const drop = (catalog: ArticleCatalog) => catalog.applyBatch('folder', shared.slice(0, 30).map((a) => ({ op: 'drop-article' as const, id: a.id })));
    const [a, b] = await Promise.all([drop(first.catalog), drop(second)]);
    expect([...a.removed, ...b.removed].sort()).toEqual(shared.slice(0, 30).map((x) => x.id).sort());
    expect(await first.catalog.count()).toBe(30);
    expect((await first.catalog.search('harbour', { limit: 100 })).length).toBe(30);
  });
});
