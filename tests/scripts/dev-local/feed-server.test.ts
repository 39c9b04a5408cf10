// The sandbox's sample feed server, read through the bot's own fetcher (with private hosts allowed, as
// the sandbox runs it): a valid RSS feed that answers 304 to its ETag, releases a story at a time, and
// links to pages the full-text reader can use.
import { afterEach, expect, it } from 'vitest';
import { FIRST_STORIES, type SandboxFeedServer, startSampleFeedServer, STORY_EVERY_MS } from '../../../scripts/dev-local/feed-server.js';
import { SAMPLE_FEED_TITLE, SAMPLE_STORIES } from '../../../scripts/dev-local/sample-feed.js';
import { fetchFeed } from '../../../src/feeds/fetch-feed.js';
import { extractFullText } from '../../../src/feeds/full-text.js';
import { createSafeHttp } from '../../../src/feeds/safe-http.js';

let feeds: SandboxFeedServer | undefined;
const http = createSafeHttp({ allowPrivateHosts: true, minHostIntervalMs: 0 });

afterEach(async () => {
  await feeds?.close();
});

it('serves a feed the bot reads, a story more every interval, with 304 for an unchanged one', async () => {
  let now = Date.parse('2026-11-01T12:00:00Z');
  feeds = await startSampleFeedServer({ port: 0, now: () => now });
  expect(feeds.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\.xml$/);
  const first = await fetchFeed(http, feeds.url);
  if (first.kind !== 'ok') throw new Error(`not ok: ${JSON.stringify(first)}`);
  expect(first.feed.title).toBe(SAMPLE_FEED_TITLE);
  expect(first.feed.entries.map((e) => e.title)).toEqual(SAMPLE_STORIES.slice(0, FIRST_STORIES).map((s) => s.title).reverse());
  expect(first.feed.entries[0]).toMatchObject({ author: SAMPLE_STORIES[FIRST_STORIES - 1]!.author, publishedAt: expect.any(Date) });
  expect(await fetchFeed(http, feeds.url, { etag: first.etag! })).toMatchObject({ kind: 'not-modified' });

  now += STORY_EVERY_MS;
  const second = await fetchFeed(http, feeds.url, { etag: first.etag! });
  expect(second.kind === 'ok' && second.feed.entries.length).toBe(FIRST_STORIES + 1);
  now += 100 * STORY_EVERY_MS;
  const all = await fetchFeed(http, feeds.url);
  expect(all.kind === 'ok' && all.feed.entries.length).toBe(SAMPLE_STORIES.length);

  const page = await extractFullText(http, first.feed.entries[0]!.url!, first.feed.entries[0]!.body);
  expect(page).toMatchObject({ from: 'page', body: SAMPLE_STORIES[FIRST_STORIES - 1]!.paragraphs.join('\n\n') });
});

it('takes another port when its usual one is taken', async () => {
  const taken = await startSampleFeedServer({ port: 0 });
  const port = Number(new URL(taken.url).port);
  try {
    feeds = await startSampleFeedServer({ port });
    expect(Number(new URL(feeds.url).port)).not.toBe(port);
  } finally {
    await taken.close();
  }
});
