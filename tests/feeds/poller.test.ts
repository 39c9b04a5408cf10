// The poller's guarantees: several processes on one database never fetch one feed at once, a crash in
// the middle of storing a fetch neither loses nor reposts an entry, a removal takes a feed's articles
// out of the catalog (and waits for a fetch in flight), and the timer follows the earliest due feed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleDeps } from '../../src/assemble.js';
import { articleIdFor } from '../../src/feeds/entry-identity.js';
import { FEED_INTERVAL_MS } from '../../src/feeds/feed-import.js';
import { addSchedule } from '../../src/services/schedules.js';
import { openStores, type Stores } from '../../src/store/open-stores.js';
import type { Timers } from '../../src/timers.js';
import { manualClock, recordingPoster, recordingPublisher, testDeps } from '../helpers/deps.js';
import { type GuardedClient, useFeedServer } from '../helpers/feed-server.js';
import { publishFeed, stories } from '../helpers/feed-publisher.js';
import { captureLogger } from '../helpers/logger.js';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000001';
const START = new Date('2026-11-01T12:00:00Z');
const HOUR = 3_600_000;

const fixture = useFeedServer();
let cleanup: Array<() => Promise<void>> = [];
let paths = 0;

afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function client(clock: { now(): Date }): GuardedClient {
  return fixture.client(() => clock.now().getTime());
}

function setup() {
  const clock = manualClock(START);
  const env = testDeps([], clock, { feedHttp: client(clock).http });
  const path = `/poll-${++paths}.xml`;
  return { ...env, clock, path, url: `${fixture.server.origin}${path}` };
}

/** Two bot processes on one SQLite file, each with its own stores, owner and HTTP client. */
async function twoProcesses() {
  const dir = await mkdtemp(join(tmpdir(), 'news-feeds-'));
  const clock = manualClock(START);
  const processes = [];
  for (const owner of ['process-a', 'process-b']) {
    const { logger } = captureLogger();
    const stores: Stores = await openStores({ databasePath: join(dir, 'bot.sqlite') }, { logger, clock });
    cleanup.push(() => stores.close());
    const deps = assembleDeps({
      config: { articlesDir: dir, databasePath: join(dir, 'bot.sqlite'), logLevel: 'info', scheduleMinIntervalMinutes: 5 },
      logger,
      clock,
      stores,
      owner,
      poster: recordingPoster(clock),
      openPublisher: () => recordingPublisher(),
      noticeChannel: () => undefined,
      feedHttp: client(clock).http,
      random: () => 0.5,
    });
    processes.push({ deps, stores });
  }
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return { clock, processes: processes as [(typeof processes)[0], (typeof processes)[0]] };
}

describe('several processes on one database', () => {
  it('never fetch the same feed at once, and together fetch every due feed once', async () => {
    const { clock, processes } = await twoProcesses();
    const [a, b] = processes;
    const feeds = [];
    for (let n = 0; n < 6; n++) {
      const path = `/shared-${++paths}.xml`;
      publishFeed(fixture.server, path, `Feed ${n}`, stories(1, 2));
      feeds.push({ path, added: await (n % 2 ? a : b).deps.feeds.add({ guildId: GUILD, url: `${fixture.server.origin}${path}` }) });
    }
    clock.advance(FEED_INTERVAL_MS);
    fixture.server.requests.length = 0;
    const [first, second] = await Promise.all([a.deps.feedPoller.pass(), b.deps.feedPoller.pass()]);
    const fetchedBy = [...first.results, ...second.results].map((result) => result.feedId);
    expect(fetchedBy.sort()).toEqual(feeds.map((feed) => feed.added.feed.id).sort());
    for (const feed of feeds) expect(fixture.server.requests.filter((r) => r.path === feed.path)).toHaveLength(1);
  });

  it('a fetch in flight in one process keeps the other away until its lease runs out', async () => {
    const { clock, processes } = await twoProcesses();
    const [a, b] = processes;
    const path = `/held-${++paths}.xml`;
    publishFeed(fixture.server, path, 'Held', stories(1, 1));
    const { feed } = await a.deps.feeds.add({ guildId: GUILD, url: `${fixture.server.origin}${path}` });
    clock.advance(FEED_INTERVAL_MS);
    // Process A takes the feed and then stalls (dies) before finishing.
    expect(await a.stores.feeds.claimDue(clock.now(), 'process-a', 60_000, 10)).toHaveLength(1);
    expect((await b.deps.feedPoller.pass()).results).toEqual([]);
    expect((await b.deps.feeds.fetchAll()).busy.map((f) => f.id)).toEqual([feed.id]);
    clock.advance(60_000);
    expect((await b.deps.feedPoller.pass()).results).toEqual([expect.objectContaining({ feedId: feed.id, kind: 'not-modified' })]);
  });
});

describe('a crash in the middle of storing a fetch', () => {
  it('loses nothing and posts nothing twice', async () => {
    const t = setup();
    const feed = publishFeed(fixture.server, t.path, 'Crashy', stories(1, 2));
    await addSchedule(t.deps.schedules, { guildId: GUILD, channelId: CHANNEL, every: '1h', count: 5, query: null, backfill: 0 }, t.clock.now(), 5);
    const { feed: added } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    feed.items.unshift(...stories(3, 3));
    // The process dies right after the catalog batch: the fetch's outcome is never stored.
    const finish = t.stores.feeds.finishFetch.bind(t.stores.feeds);
    let calls = 0;
    t.stores.feeds.finishFetch = async (...args) => (calls++ === 0 ? Promise.reject(new Error('killed')) : finish(...args));
    t.clock.advance(HOUR);
    expect(await t.deps.feedPoller.pass()).toMatchObject({ errors: 1 });
    const newId = articleIdFor(added.id, 'guid:story-3');
    expect(await t.deps.catalog.get(newId, { guildId: GUILD })).toBeDefined();
    // A removal would find it through the pending record even now.
    expect(await t.stores.feeds.articleIds(added.id, '', 10)).toContain(newId);

    await t.deps.scheduler.tick();
    t.clock.advance(HOUR);
    expect((await t.deps.feedPoller.pass()).results).toEqual([expect.objectContaining({ kind: 'imported', added: 0, updated: 0 })]);
    expect((await t.stores.feeds.knownEntries(added.id, ['guid:story-3'])).get('guid:story-3')?.contentHash).toEqual(expect.any(String));
    t.clock.advance(HOUR);
    await t.deps.scheduler.tick();
    const posted = t.poster.sent.map((m) => m.payload.embeds[0]!.footer!.text.split(' · ')[0]);
    expect(posted).toEqual([newId]);
  });

  it('an error that is not the feed’s fault is logged, retried later and not counted against the feed', async () => {
    const t = setup();
    const published = publishFeed(fixture.server, t.path, 'Store trouble', stories(1, 1));
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    published.items.unshift(...stories(2, 2));
    const apply = t.deps.catalog.applyBatch.bind(t.deps.catalog);
    t.deps.catalog.applyBatch = async () => Promise.reject(new Error('disk full'));
    t.clock.advance(HOUR);
    expect(await t.deps.feedPoller.pass()).toMatchObject({ errors: 1, results: [] });
    t.deps.catalog.applyBatch = apply;
    expect(await t.deps.feeds.find(feed.id)).toMatchObject({ failures: 0, lease: null });
    expect(t.logs.some((line) => line.msg === 'feed fetch failed unexpectedly; will retry')).toBe(true);
    expect((await t.deps.feedPoller.pass()).results).toEqual([]);
    t.clock.advance(10 * 60_000);
    expect((await t.deps.feedPoller.pass()).results).toEqual([expect.objectContaining({ kind: 'imported', added: 1 })]);
  });
});

describe('removing a feed', () => {
  it('takes its articles out of the library and keeps the delivery history', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Going', stories(1, 3));
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    await addSchedule(t.deps.schedules, { guildId: GUILD, channelId: CHANNEL, every: '1h', count: 1, query: null, backfill: 1 }, t.clock.now(), 5);
    t.clock.advance(HOUR);
    await t.deps.scheduler.tick();
    expect(t.poster.sent).toHaveLength(1);
    const outcome = await t.deps.feeds.remove(feed);
    expect(outcome).toEqual({ feed, removed: 3 });
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(0);
    expect(await t.deps.feeds.list(GUILD)).toEqual([]);
    expect(await t.deps.deliveries.claimedArticleIds(CHANNEL)).toEqual(new Set([articleIdFor(feed.id, 'guid:story-3')]));
  });

  it('while another process fetches it, the removal is finished by the next pass', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Busy', stories(1, 2));
    const { feed } = await t.deps.feeds.add({ guildId: GUILD, url: t.url });
    t.clock.advance(HOUR);
    await t.stores.feeds.leaseOne(feed.id, t.clock.now(), 'another-process', 60_000);
    expect(await t.deps.feeds.remove(feed)).toEqual({ feed, removed: 'later' });
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(2);
    t.clock.advance(60_000);
    expect(await t.deps.feedPoller.pass()).toMatchObject({ removed: 1 });
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(0);
    expect(await t.stores.feeds.articleIds(feed.id, '', 10)).toEqual([]);
  });
});

describe('the timer', () => {
  function manualTimers() {
    const pending = new Map<number, { callback: () => void; ms: number }>();
    let next = 1;
    const timers: Timers & { pending: typeof pending; fire(): void } = {
      pending,
      setTimeout(callback, ms) {
        pending.set(next, { callback, ms });
        return next++ as unknown as { unref?: () => unknown };
      },
      clearTimeout(handle) {
        pending.delete(handle as number);
      },
      fire() {
        const [handle, timer] = [...pending.entries()][0]!;
        pending.delete(handle);
        timer.callback();
      },
    };
    return timers;
  }
  const settle = async () => {
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('sleeps until the earliest due feed, at most a minute, and stops cleanly', async () => {
    const clock = manualClock(START);
    const timers = manualTimers();
    const env = testDeps([], clock, { feedHttp: client(clock).http, timers });
    const path = `/timer-${++paths}.xml`;
    const feed = publishFeed(fixture.server, path, 'Timer', stories(1, 1));
    await env.deps.feeds.add({ guildId: GUILD, url: `${fixture.server.origin}${path}` });
    env.deps.feedPoller.start();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([0]);
    timers.fire();
    await settle();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    clock.advance(FEED_INTERVAL_MS - 30_000);
    timers.fire();
    await settle();
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([30_000]);
    clock.advance(30_000);
    timers.fire();
    await settle();
    expect(feed.notModified).toBe(1);
    await env.deps.feedPoller.stop();
    expect(timers.pending.size).toBe(0);
  });
});
