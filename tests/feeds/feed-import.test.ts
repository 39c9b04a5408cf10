// A feed from its first fetch to a schedule's posts: the real importer, poller, catalog and runner, a
// fetcher that reaches a loopback fixture server as it would a public site, and a clock moved by hand.
import { describe, expect, it } from 'vitest';
import { articleIdFor } from '../../src/feeds/entry-identity.js';
import { FEED_INTERVAL_MS } from '../../src/feeds/feed-import.js';
import { addSchedule } from '../../src/services/schedules.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { publishFeed, stories } from '../helpers/feed-publisher.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const CHANNEL = '300000000000000001';
const NOTICES = '300000000000000009';
const START = new Date('2026-11-01T12:00:00Z');
const HOUR = 3_600_000;

const fixture = useFeedServer();
let paths = 0;


function setup() {
  const clock = manualClock(START);
  const client = fixture.client(() => clock.now().getTime());
  const env = testDeps([], clock, { feedHttp: client.http });
  const path = `/feed-${++paths}.xml`;
  const url = `${fixture.server.origin}${path}`;
  const sentIds = () => env.poster.sent.filter((m) => m.payload.embeds.length).map((m) => m.payload.embeds[0]!.footer!.text.split(' · ')[0]);
  const schedule = (guildId = GUILD, backfill = 0) =>
    addSchedule(env.deps.schedules, { guildId, channelId: CHANNEL, every: '1h', count: 5, query: null, backfill }, clock.now(), 5);
  /** Moves past the feed interval and the schedule's hour, then polls and runs schedules. */
  const later = async () => {
    clock.advance(HOUR);
    const polled = await env.deps.feedPoller.pass();
    await env.deps.scheduler.tick();
    return polled;
  };
  return { ...env, clock, client, path, url, sentIds, schedule, later };
}

describe('a feed and a schedule', () => {
  it('posts what appears after the first fetch exactly once: never the first fetch, never an edit again', async () => {
    const t = setup();
    const feed = publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 5));
    await t.schedule();
    const { feed: added, result } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    expect(result).toMatchObject({ kind: 'imported', found: 5, added: 5, backlog: true });
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(5);

    await t.later();
    expect(t.sentIds()).toEqual([]);

    feed.items.unshift(...stories(6, 7));
    const polled = await t.later();
    expect(polled.results).toEqual([expect.objectContaining({ kind: 'imported', added: 2, updated: 0, backlog: false })]);
    expect(t.sentIds()).toEqual([articleIdFor(added.id, 'guid:story-6'), articleIdFor(added.id, 'guid:story-7')]);

    // An edit of a posted entry updates its article in place; nothing is posted again.
    feed.items[0] = { ...feed.items[0]!, title: 'Harbour story number 7, corrected', description: '<p>Corrected text. With more detail now.</p>' };
    expect((await t.later()).results).toEqual([expect.objectContaining({ kind: 'imported', added: 0, updated: 1 })]);
    expect((await t.deps.catalog.get(articleIdFor(added.id, 'guid:story-7'), { guildId: GUILD }))!.title).toBe('Harbour story number 7, corrected');
    await t.later();
    expect(t.sentIds()).toHaveLength(2);
    expect(t.poster.sent.every((m) => m.payload.allowedMentions.parse.length === 0)).toBe(true);
  });

  it('a new schedule’s backfill may still post the newest entries of the first fetch', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 5));
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    await t.schedule(GUILD, 2);
    await t.later();
    expect(t.sentIds()).toEqual([articleIdFor(feed.id, 'guid:story-4'), articleIdFor(feed.id, 'guid:story-5')]);
  });

  it('an undated entry of the first fetch is dated when it was read, not 1970', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Undated', [{ guid: 'u1', title: 'No date on this one' }]);
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    const article = (await t.deps.catalog.get(articleIdFor(feed.id, 'guid:u1'), { guildId: GUILD }))!;
    expect(article.publishedAt).toEqual(START);
    expect(article.firstSeenAt).toEqual(new Date(0));
  });

  it('a feed that switches its guid scheme is recognised by link: nothing is new', async () => {
    const t = setup();
    const feed = publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 3));
    await t.schedule();
    await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    feed.items = feed.items.map((item) => ({ ...item, guid: `https://news.example.org/?p=${item.guid}` }));
    const polled = await t.later();
    expect(polled.results).toEqual([expect.objectContaining({ kind: 'imported', added: 0, updated: 0 })]);
    await t.later();
    expect(t.sentIds()).toEqual([]);
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(3);
  });

  it('keeps two servers’ feeds of one address apart', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Shared', stories(1, 2));
    const mine = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    const theirs = await t.deps.feeds.add({ guildId: OTHER_GUILD, url: t.url });
    expect(mine.feed.id).not.toBe(theirs.feed.id);
    const ids = async (guildId: string) => (await t.deps.catalog.latest(10, { guildId })).map((a) => a.id).sort();
    expect(await ids(GUILD)).toEqual([articleIdFor(mine.feed.id, 'guid:story-1'), articleIdFor(mine.feed.id, 'guid:story-2')].sort());
    expect(await ids(OTHER_GUILD)).toEqual([articleIdFor(theirs.feed.id, 'guid:story-1'), articleIdFor(theirs.feed.id, 'guid:story-2')].sort());
    expect(await t.deps.catalog.count({ guildId: null })).toBe(0);
    expect(await t.deps.catalog.search('harbour', { limit: 10, scope: { guildId: OTHER_GUILD } })).toHaveLength(2);
  });
});

describe('fetching politely and failing loudly', () => {
  it('asks again with the ETag: a 304 changes nothing', async () => {
    const t = setup();
    const feed = publishFeed(fixture.server, t.path, 'Conditional', stories(1, 2));
    await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    const polled = await t.later();
    expect(polled.results).toEqual([{ kind: 'not-modified', feedId: expect.any(String) }]);
    expect(feed).toMatchObject({ served: 1, notModified: 1 });
    expect(fixture.server.requests.filter((r) => r.path === t.path).at(-1)!.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
  });

  it('waits as long as a 429 asks, and recovers from a 500', async () => {
    const t = setup();
    const answers = [200, 429, 500, 200];
    let call = 0;
    fixture.server.route(t.path, (_request, response) => {
      const status = answers[Math.min(call++, answers.length - 1)]!;
      if (status === 200) response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Flaky</title><item><guid>${call}</guid><title>Item ${call}</title></item></channel></rss>`);
      else response.writeHead(status, status === 429 ? { 'retry-after': '7200' } : {}).end();
    });
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    expect((await t.later()).results).toEqual([expect.objectContaining({ kind: 'failed', failures: 1, failure: expect.objectContaining({ code: 'rate-limited' }) })]);
    const waiting = (await t.deps.feeds.find(feed.id))!;
    expect(waiting.nextFetchAt).toEqual(new Date(t.clock.now().getTime() + 2 * HOUR));
    expect((await t.later()).results).toEqual([]);
    t.clock.advance(HOUR);
    expect((await t.deps.feedPoller.pass()).results).toEqual([expect.objectContaining({ kind: 'failed', failures: 2, failure: expect.objectContaining({ status: 500 }) })]);
    expect((await t.deps.feeds.find(feed.id)).lastError).toBe('the server answered HTTP 500 Internal Server Error');
    t.clock.advance(HOUR);
    expect((await t.deps.feedPoller.pass()).results).toEqual([expect.objectContaining({ kind: 'imported', added: 1 })]);
    expect(await t.deps.feeds.find(feed.id)).toMatchObject({ failures: 0, lastError: null, failing: false });
  });

  it('marks a feed failing after 10 failures in a row and tells its server once', async () => {
    const t = setup();
    t.notices.channelId = NOTICES;
    let up = true;
    fixture.server.route(t.path, (_request, response) => {
      if (up) response.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Harbour @everyone **Ledger**</title></channel></rss>');
      else response.writeHead(503).end();
    });
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    up = false;
    for (let n = 1; n <= 12; n++) {
      t.clock.advance(7 * HOUR);
      const [result] = (await t.deps.feedPoller.pass()).results;
      expect(result).toMatchObject({ kind: 'failed', failures: n, failing: n >= 10 });
    }
    expect(t.poster.sent).toHaveLength(1);
    const notice = t.poster.sent[0]!;
    expect(notice.channelId).toBe(NOTICES);
    expect(notice.payload.allowedMentions).toEqual({ parse: [] });
    expect(notice.payload.content).toContain(`\`${feed.id}\``);
    expect(notice.payload.content).toContain('\\@everyone \\*\\*Ledger\\*\\*');
    expect(notice.payload.content).toContain('HTTP 503');
    expect(await t.deps.feeds.find(feed.id)).toMatchObject({ failing: true, failingNotified: true, noticeError: null });

    up = true;
    t.clock.advance(7 * HOUR);
    await t.deps.feedPoller.pass();
    expect(await t.deps.feeds.find(feed.id)).toMatchObject({ failing: false, failingNotified: false, failures: 0 });
  });

  it('records why the server could not be told', async () => {
    const t = setup();
    let up = true;
    fixture.server.route(t.path, (_request, response) => {
      if (up) response.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>T</title></channel></rss>');
      else response.writeHead(500).end();
    });
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    up = false;
    for (let n = 1; n <= 10; n++) {
      t.clock.advance(7 * HOUR);
      await t.deps.feedPoller.pass();
    }
    expect((await t.deps.feeds.find(feed.id)).noticeError).toContain('no channel');
  });

  it('a feed that turns into something else fails with the reason; nothing crashes and nothing stored is lost', async () => {
    const t = setup();
    const feed = publishFeed(fixture.server, t.path, 'Good', stories(1, 2));
    const { feed: added } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    fixture.server.route(t.path, (_request, response) => response.writeHead(200, { 'content-type': 'text/xml' }).end('<rss><channel><item><title>broken'));
    expect((await t.later()).results).toEqual([expect.objectContaining({ kind: 'failed', failure: expect.objectContaining({ code: 'not-a-feed', reason: 'the feed is not well-formed XML' }) })]);
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(2);
    expect((await t.deps.feeds.find(added.id)).lastError).toBe('the feed is not well-formed XML');
    expect(feed.served).toBe(1);
  });
});

describe('full text', () => {
  it('reads the linked page of new entries for a full-text feed, and keeps the teaser when the page gives less', async () => {
    const t = setup();
    const page = `<!doctype html><html><head><title>Story</title></head><body><nav>Home · World</nav><article><h1>Story</h1>${'<p>The council met on Monday and voted for the new harbour plan after a long debate about costs.</p>'.repeat(8)}</article></body></html>`;
    fixture.server.route('/pages/long', (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
    fixture.server.route('/pages/missing', (_request, response) => response.writeHead(404).end());
    publishFeed(fixture.server, t.path, 'Teasers', [
      { guid: 'a', title: 'With a page', link: `${fixture.server.origin}/pages/long`, description: '<p>Teaser only.</p>' },
      { guid: 'b', title: 'Page gone', link: `${fixture.server.origin}/pages/missing`, description: '<p>Teaser only.</p>' },
    ]);
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url, fullText: true });
    const withPage = (await t.deps.catalog.get(articleIdFor(feed.id, 'guid:a'), { guildId: GUILD }))!;
    expect(withPage.body).toContain('voted for the new harbour plan');
    expect(withPage.body).not.toContain('Home · World');
    expect((await t.deps.catalog.get(articleIdFor(feed.id, 'guid:b'), { guildId: GUILD }))!.body).toBe('Teaser only.');
  });
});

describe('the interval', () => {
  it('fetches a working feed again after its interval, not before', async () => {
    const t = setup();
    const feed = publishFeed(fixture.server, t.path, 'Interval', stories(1, 1));
    await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    t.clock.advance(FEED_INTERVAL_MS - 1);
    expect((await t.deps.feedPoller.pass()).results).toEqual([]);
    t.clock.advance(1);
    expect((await t.deps.feedPoller.pass()).results).toHaveLength(1);
    expect(feed.served + feed.notModified).toBe(2);
  });
});
