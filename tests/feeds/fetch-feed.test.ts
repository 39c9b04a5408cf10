import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareWithKnown, type KnownEntry } from '../../src/feeds/entry-identity.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import { nextFetchAt } from '../../src/feeds/retry.js';
import type { FeedFetchResult } from '../../src/feeds/types.js';
import { guardedClient, startFeedServer, type FeedServer, type GuardedClient } from '../helpers/feed-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

let server: FeedServer;
let client: GuardedClient | undefined;
let clock = Date.parse('2026-10-20T12:00:00Z');

function serve(path: string, body: Buffer | string, type: string, headers: Record<string, string> = {}) {
  server.route(path, (_request, response) => response.writeHead(200, { 'content-type': type, ...headers }).end(body));
}

/** A route that answers with each of `answers` in turn, repeating the last. */
function sequence(path: string, answers: { status: number; headers?: Record<string, string>; body?: string }[]) {
  let call = 0;
  server.route(path, (_request, response) => {
    const { status, headers = {}, body = '' } = answers[Math.min(call++, answers.length - 1)]!;
    response.writeHead(status, { 'content-type': 'application/rss+xml', ...headers }).end(body);
  });
}

beforeAll(async () => {
  server = await startFeedServer();
  serve('/rss', fixture('rss2.xml'), 'application/rss+xml; charset=utf-8', { etag: '"r1"', 'last-modified': 'Tue, 20 Oct 2026 10:00:00 GMT' });
  serve('/atom', fixture('atom.xml'), 'application/atom+xml');
  serve('/json', fixture('feed.json'), 'application/feed+json');
  serve('/malformed', fixture('malformed.xml'), 'text/xml');
  serve('/laughs', fixture('billion-laughs.xml'), 'text/xml');
  serve('/page', '<!doctype html><html><body><p>Not a feed</p></body></html>', 'text/html');
  server.route('/conditional', (request, response) => {
    if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
    else response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(fixture('rss2.xml'));
  });
  server.route('/to-loopback', (_request, response) => response.writeHead(302, { location: `http://127.0.0.1:${server.port}/rss` }).end());
});

afterAll(() => server.close());

afterEach(async () => {
  await client?.http.close();
  client = undefined;
  server.requests.length = 0;
});

function newClient() {
  client = guardedClient({ now: () => clock });
  return client.http;
}

function feedOf(result: FeedFetchResult) {
  if (result.kind !== 'ok') throw new Error(`expected a feed, got ${JSON.stringify(result)}`);
  return result;
}

describe('fetchFeed', () => {
  it.each([
    ['/rss', 'rss', 'Harbour Ledger & Tide', 3],
    ['/atom', 'atom', 'Hill Observatory Notes', 2],
    ['/json', 'json', 'Valley Cycling Club', 2],
  ])('fetches and parses %s', async (path, format, title, count) => {
    const result = feedOf(await fetchFeed(newClient(), `${server.origin}${path}`));
    expect(result.feed).toMatchObject({ format, title });
    expect(result.feed.entries).toHaveLength(count);
    expect(result.finalUrl).toBe(`${server.origin}${path}`);
  });

  it('returns the validators to store', async () => {
    expect(await fetchFeed(newClient(), `${server.origin}/rss`)).toMatchObject({
      kind: 'ok',
      etag: '"r1"',
      lastModified: 'Tue, 20 Oct 2026 10:00:00 GMT',
    });
  });

  it('a 304 to the stored ETag is "not modified" and nothing is parsed', async () => {
    const http = newClient();
    const first = feedOf(await fetchFeed(http, `${server.origin}/conditional`));
    expect(first.etag).toBe('"v1"');
    const second = await fetchFeed(http, `${server.origin}/conditional`, { etag: first.etag });
    expect(second).toEqual({ kind: 'not-modified', finalUrl: `${server.origin}/conditional` });
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
  });

  it('a 429 with Retry-After leaves the host alone until then', async () => {
    sequence('/busy', [{ status: 429, headers: { 'retry-after': '120' } }, { status: 200, body: fixture('rss2.xml').toString() }]);
    const http = newClient();
    expect(await fetchFeed(http, `${server.origin}/busy`)).toMatchObject({
      kind: 'failed',
      code: 'rate-limited',
      transient: true,
      retryAfterMs: 120_000,
      reason: 'the server asks the bot to slow down (HTTP 429 Too Many Requests)',
    });
    // Another feed on the same host, a minute later: refused here, without a request.
    clock += 60_000;
    expect(await fetchFeed(http, `${server.origin}/rss`)).toMatchObject({ kind: 'failed', code: 'rate-limited', retryAfterMs: 60_000 });
    expect(server.requests).toHaveLength(1);
    clock += 60_000;
    expect(await fetchFeed(http, `${server.origin}/busy`)).toMatchObject({ kind: 'ok' });
  });

  it('a 503 with an HTTP-date Retry-After is transient and says how long to wait', async () => {
    sequence('/maintenance', [{ status: 503, headers: { 'retry-after': new Date(clock + 600_000).toUTCString() } }]);
    expect(await fetchFeed(newClient(), `${server.origin}/maintenance`)).toMatchObject({
      kind: 'failed',
      code: 'http-status',
      status: 503,
      transient: true,
      retryAfterMs: 600_000,
    });
  });

  it('a 500 is transient, backs off, and the next fetch recovers', async () => {
    sequence('/flaky', [{ status: 500, body: '<h1>@everyone oops</h1>' }, { status: 200, body: fixture('rss2.xml').toString() }]);
    const http = newClient();
    const failed = await fetchFeed(http, `${server.origin}/flaky`);
    expect(failed).toEqual({ kind: 'failed', code: 'http-status', status: 500, transient: true, reason: 'the server answered HTTP 500 Internal Server Error' });
    const retryAt = nextFetchAt({ nowMs: clock, intervalMs: 900_000, consecutiveFailures: 1 }, { random: () => 0.5 });
    expect(retryAt - clock).toBe(225_000);
    expect(feedOf(await fetchFeed(http, `${server.origin}/flaky`)).feed.entries).toHaveLength(3);
  });

  it('a 404 is a failure a person must fix', async () => {
    expect(await fetchFeed(newClient(), `${server.origin}/gone`)).toMatchObject({ kind: 'failed', code: 'http-status', status: 404, transient: false });
  });

  it('malformed XML is "not a feed", with a reason', async () => {
    expect(await fetchFeed(newClient(), `${server.origin}/malformed`)).toMatchObject({
      kind: 'failed',
      code: 'not-a-feed',
      transient: false,
      reason: 'the feed is not well-formed XML',
    });
  });

  it('an HTML page is "not a feed"', async () => {
    expect(await fetchFeed(newClient(), `${server.origin}/page`)).toMatchObject({ kind: 'failed', code: 'not-a-feed' });
  });

  it('a billion-laughs feed is read at its own size', async () => {
    const result = feedOf(await fetchFeed(newClient(), `${server.origin}/laughs`));
    expect(JSON.stringify(result.feed)).not.toContain('lollol');
  });

  it('a feed redirecting to a loopback address is refused', async () => {
    expect(await fetchFeed(newClient(), `${server.origin}/to-loopback`)).toMatchObject({ kind: 'failed', code: 'blocked-address' });
  });

  it('detects a changed entry between two fetches: same key, new content hash', async () => {
    const version = (text: string) =>
      `<rss version="2.0"><channel><title>Quay</title><item><guid>q-1</guid><title>Crane</title><description>${text}</description></item></channel></rss>`;
    sequence('/edited', [{ status: 200, body: version('Arrived.') }, { status: 200, body: version('Arrived on Tuesday.') }]);
    const http = newClient();
    const before = feedOf(await fetchFeed(http, `${server.origin}/edited`)).feed.entries;
    const known = new Map<string, KnownEntry>(before.flatMap((entry) => entry.identities.map((id) => [id, { key: entry.key, contentHash: entry.contentHash }])));
    const after = feedOf(await fetchFeed(http, `${server.origin}/edited`)).feed.entries;
    expect(compareWithKnown(after, (id) => known.get(id))).toMatchObject([{ status: 'changed', key: 'guid:q-1', entry: { body: 'Arrived on Tuesday.' } }]);
  });
});
