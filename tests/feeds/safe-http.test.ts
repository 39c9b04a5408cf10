import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSafeHttp, DEFAULT_USER_AGENT, type SafeHttp } from '../../src/feeds/safe-http.js';
import { guardedClient, startFeedServer, type FeedServer, type GuardedClient } from '../helpers/feed-server.js';

const accept = { accept: 'application/rss+xml' };
const FEED = '<rss version="2.0"><channel><title>T</title></channel></rss>';

let server: FeedServer;
let client: GuardedClient | undefined;
const opened: SafeHttp[] = [];

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/feed', (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  const redirect = (path: string, location: string, status = 302) =>
    server.route(path, (_request, response) => response.writeHead(status, { location }).end('moved'));
  redirect('/to-loopback', `http://127.0.0.1:${server.port}/feed`);
  redirect('/to-private', 'http://10.0.0.1/feed');
  redirect('/to-mapped', `http://[::ffff:127.0.0.1]:${server.port}/feed`);
  redirect('/to-metadata', 'http://169.254.169.254/latest/meta-data/');
  redirect('/to-decimal', `http://2130706433:${server.port}/feed`);
  redirect('/to-file', 'file:///etc/passwd');
  redirect('/to-other-host', `http://other.example.test:${server.port}/feed`);
  redirect('/relative', '/feed');
  redirect('/moved', '/feed', 301);
  redirect('/moved-twice', '/moved', 308);
  redirect('/no-location', '', 302);
  // /chain/n answers with n + 1 redirects before the feed.
  for (let i = 0; i < 7; i++) redirect(`/chain/${i}`, i === 0 ? '/feed' : `/chain/${i - 1}`);
});

afterAll(() => server.close());

afterEach(async () => {
  await client?.http.close();
  client = undefined;
  await Promise.all(opened.splice(0).map((http) => http.close()));
  server.requests.length = 0;
});

function newClient(...args: Parameters<typeof guardedClient>): GuardedClient {
  client = guardedClient(...args);
  return client;
}

describe('safe GET: addresses', () => {
  it('fetches a public host name, dialling only the address that was checked', async () => {
    const { http, dialled, lookups } = newClient();
    const outcome = await http.get(`${server.origin}/feed`, accept);
    expect(outcome).toMatchObject({ kind: 'ok', contentType: 'application/rss+xml', finalUrl: `${server.origin}/feed` });
    expect(dialled).toEqual(['203.0.113.10']);
    expect(lookups).toEqual(['feed.example.test']);
  });

  it.each([
    ['/to-loopback', '127.0.0.1'],
    ['/to-private', '10.0.0.1'],
    ['/to-mapped', '[::ffff:127.0.0.1]'],
    ['/to-metadata', '169.254.169.254 (cloud metadata)'],
    ['/to-decimal', '2130706433, the decimal spelling of 127.0.0.1'],
  ])('refuses a redirect from a public host to %s (%s)', async (path) => {
    const { http, dialled } = newClient();
    const outcome = await http.get(`${server.origin}${path}`, accept);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'blocked-address', transient: false });
    // The refused hop was never dialled, and the loopback server saw only the first request.
    expect(dialled).toEqual(['203.0.113.10']);
    expect(server.requests.map((request) => request.path)).toEqual([path]);
  });

  it.each([
    ['http://127.0.0.1:PORT/feed'],
    ['http://[::1]:PORT/feed'],
    ['http://[::ffff:127.0.0.1]:PORT/feed'],
    ['http://0x7f.1:PORT/feed'],
    ['http://10.0.0.1/feed'],
    ['http://metadata.example.test/latest/meta-data/'],
    ['http://localhost.example.test:PORT/feed'],
  ])('refuses %s before connecting', async (address) => {
    const { http, dialled } = newClient();
    const outcome = await http.get(address.replace('PORT', String(server.port)), accept);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'blocked-address' });
    expect(dialled).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('with the system resolver, "localhost" is refused too', async () => {
    const http = createSafeHttp({ minHostIntervalMs: 0 });
    opened.push(http);
    expect(await http.get(`http://localhost:${server.port}/feed`, accept)).toMatchObject({ kind: 'failed', code: 'blocked-address' });
    expect(server.requests).toEqual([]);
  });

  it('refuses a name with one private address among public ones', async () => {
    const { http, dialled } = newClient();
    const outcome = await http.get(`http://mixed.example.test:${server.port}/feed`, accept);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'blocked-address' });
    if (outcome.kind === 'failed') expect(outcome.reason).not.toContain('10.0.0.5');
    expect(dialled).toEqual([]);
  });

  it('looks a name up once and connects to that answer, so a changed answer cannot be slipped in', async () => {
    const answers = [['203.0.113.10'], ['127.0.0.1']];
    const lookups: string[] = [];
    const dialled: string[] = [];
    const http = createSafeHttp({
      minHostIntervalMs: 0,
      resolve: async (hostname) => (lookups.push(hostname), answers[Math.min(lookups.length - 1, 1)]!),
      dial: (address) => (dialled.push(address), '127.0.0.1'),
    });
    opened.push(http);
    expect(await http.get(`${server.origin}/feed`, accept)).toMatchObject({ kind: 'ok' });
    expect(lookups).toHaveLength(1);
    expect(dialled).toEqual(['203.0.113.10']);
  });

  it.each([
    ['file:///etc/passwd', 'only http and https addresses are fetched, not file:'],
    ['ftp://feed.example.test/rss', 'only http and https addresses are fetched, not ftp:'],
    ['gopher://feed.example.test/', 'only http and https addresses are fetched, not gopher:'],
    ['http://user:secret@feed.example.test/rss', 'addresses with a user name or password are not supported'],
    ['not a url', 'not a valid web address'],
  ])('refuses %s', async (address, reason) => {
    const { http } = newClient();
    expect(await http.get(address, accept)).toEqual({ kind: 'failed', code: 'bad-url', transient: false, reason });
  });

  it('refuses a redirect to a file: address', async () => {
    const { http } = newClient();
    const outcome = await http.get(`${server.origin}/to-file`, accept);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'bad-url', reason: expect.stringContaining('redirected to an address that is not fetched') });
  });

  it('FEED_ALLOW_PRIVATE_HOSTS lifts the address check, for local testing', async () => {
    const http = createSafeHttp({ allowPrivateHosts: true, minHostIntervalMs: 0 });
    opened.push(http);
    expect(await http.get(`http://127.0.0.1:${server.port}/feed`, accept)).toMatchObject({ kind: 'ok' });
  });

  it('FEED_ALLOW_PRIVATE_HOSTS still refuses link-local addresses, where cloud metadata lives', async () => {
    const http = createSafeHttp({ allowPrivateHosts: true, minHostIntervalMs: 0 });
    opened.push(http);
    for (const address of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://[::ffff:169.254.169.254]/']) {
      expect(await http.get(address, accept)).toMatchObject({ kind: 'failed', code: 'blocked-address', transient: false });
    }
  });
});

describe('safe GET: redirects', () => {
  it('follows relative redirects and to another public host', async () => {
    const { http, dialled } = newClient();
    expect(await http.get(`${server.origin}/relative`, accept)).toMatchObject({ kind: 'ok', finalUrl: `${server.origin}/feed` });
    expect(await http.get(`${server.origin}/to-other-host`, accept)).toMatchObject({
      kind: 'ok',
      finalUrl: `http://other.example.test:${server.port}/feed`,
    });
    expect(dialled).toContain('203.0.113.11');
  });

  it('follows 5 redirects and refuses the sixth', async () => {
    const { http } = newClient();
    expect(await http.get(`${server.origin}/chain/4`, accept)).toMatchObject({ kind: 'ok' });
    expect(await http.get(`${server.origin}/chain/5`, accept)).toMatchObject({ kind: 'failed', code: 'too-many-redirects', transient: false });
  });

  it('reports a new address only when every redirect was permanent', async () => {
    const { http } = newClient();
    expect(await http.get(`${server.origin}/moved-twice`, accept)).toMatchObject({ kind: 'ok', movedTo: `${server.origin}/feed` });
    const temporary = await http.get(`${server.origin}/relative`, accept);
    expect(temporary).not.toHaveProperty('movedTo');
  });

  it('a redirect without a Location is a failure', async () => {
    const { http } = newClient();
    expect(await http.get(`${server.origin}/no-location`, accept)).toMatchObject({ kind: 'failed', code: 'http-status' });
  });
});

describe('safe GET: requests', () => {
  it('names the bot and sends the validators it was given', async () => {
    const { http } = newClient();
    await http.get(`${server.origin}/feed`, { accept: 'application/atom+xml', etag: '"v1"', lastModified: 'Tue, 20 Oct 2026 10:00:00 GMT' });
    expect(server.requests[0]!.headers).toMatchObject({
      'user-agent': DEFAULT_USER_AGENT,
      accept: 'application/atom+xml',
      'if-none-match': '"v1"',
      'if-modified-since': 'Tue, 20 Oct 2026 10:00:00 GMT',
    });
  });

  it('waits the minimum interval between two requests to the same host', async () => {
    const waits: number[] = [];
    const { http } = newClient({ minHostIntervalMs: 1500, now: () => 1_000_000, sleep: async (ms) => void waits.push(ms) });
    await http.get(`${server.origin}/feed`, accept);
    await http.get(`${server.origin}/feed`, accept);
    expect(waits).toEqual([1500]);
  });

  it('a closed port is a transient network failure', async () => {
    const closed = await startFeedServer();
    await closed.close();
    const http = createSafeHttp({ allowPrivateHosts: true, minHostIntervalMs: 0 });
    opened.push(http);
    expect(await http.get(`http://127.0.0.1:${closed.port}/feed`, accept)).toMatchObject({
      kind: 'failed',
      code: 'network',
      transient: true,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('a name that does not resolve is a DNS failure', async () => {
    const { http } = newClient();
    expect(await http.get('http://unknown.example.test/feed', accept)).toMatchObject({ kind: 'failed', code: 'dns', transient: true });
  });
});
