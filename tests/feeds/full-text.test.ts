import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractFullText, extractReadableText } from '../../src/feeds/full-text.js';
import { guardedClient, startFeedServer, type FeedServer, type GuardedClient } from '../helpers/feed-server.js';

const paragraphs = [
  'The harbour authority confirmed on Tuesday that the new container crane will be in service before the winter storms arrive.',
  'Engineers spent three weeks testing the crane under load, lifting concrete blocks heavier than any container the port handles.',
  'Dock workers said the crane would cut waiting times for ships by half, though the union asked for more training before it opens.',
  'The crane was built abroad and arrived in pieces on two barges in August; assembling it took most of September.',
  'Shipping lines had complained for years that the old cranes, installed in the seventies, broke down every few weeks in cold weather.',
  'The authority expects the first ship to be unloaded by the new crane in the second week of November, weather permitting.',
];

const page = (extra = '') => `<!doctype html>
<html><head><meta charset="utf-8"><title>Crane ready for winter | Quay Post</title>
<script>globalThis.fullTextScriptRan = true</script></head>
<body>
<nav><ul>${'<li><a href="/section">Section</a></li>'.repeat(20)}</ul></nav>
<article><h1>Crane ready for winter</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
<script>document.write('injected by a script')</script>
<img src="/x.png" onerror="globalThis.fullTextHandlerRan = true">
</article>
<aside class="sidebar">${'<div class="ad">Subscribe now for unlimited access</div>'.repeat(10)}</aside>
<footer>Quay Post. All rights reserved.</footer>${extra}
</body></html>`;

let server: FeedServer;
let client: GuardedClient | undefined;

beforeAll(async () => {
  server = await startFeedServer();
  const serve = (path: string, type: string, body: string | Buffer, status = 200) =>
    server.route(path, (_request, response) => response.writeHead(status, { 'content-type': type }).end(body));
  serve('/article', 'text/html; charset=utf-8', page());
  serve('/pdf', 'application/pdf', '%PDF-1.7');
  serve('/missing', 'text/html', 'not here', 404);
  serve('/empty', 'text/html', '<!doctype html><html><body><nav>Menu</nav></body></html>');
  // windows-1252 bytes, declared only in the page's own <meta>.
  serve('/cp1252', 'text/html', Buffer.from(page().replace('charset="utf-8"', 'charset="windows-1252"').replace('Engineers', 'Ingénieurs'), 'latin1'));
  server.route('/to-loopback', (_request, response) => response.writeHead(302, { location: `http://127.0.0.1:${server.port}/article` }).end());
});

afterAll(() => server.close());

afterEach(async () => {
  await client?.http.close();
  client = undefined;
});

function http() {
  client = guardedClient();
  return client.http;
}

const teaser = 'The new crane will be in service before winter.';

describe('extractFullText', () => {
  it('takes the main text of the linked page, without navigation, ads or script output', async () => {
    const result = await extractFullText(http(), `${server.origin}/article`, teaser);
    expect(result.from).toBe('page');
    expect(result.body.split('\n\n')).toEqual(paragraphs);
  });

  it('runs no script and no event handler of the page', async () => {
    await extractFullText(http(), `${server.origin}/article`, teaser);
    expect((globalThis as Record<string, unknown>).fullTextScriptRan).toBeUndefined();
    expect((globalThis as Record<string, unknown>).fullTextHandlerRan).toBeUndefined();
  });

  it('decodes a page in the charset its <meta> declares', async () => {
    const result = await extractFullText(http(), `${server.origin}/cp1252`, teaser);
    expect(result.body).toContain('Ingénieurs spent three weeks');
  });

  it.each([
    ['/missing', 'the server answered HTTP 404 Not Found'],
    ['/pdf', 'the linked page is application/pdf, not HTML'],
    ['/to-loopback', '127.0.0.1 leads to a local, private or reserved network address, which the bot never fetches from'],
  ])('keeps the feed text when %s fails', async (path, reason) => {
    expect(await extractFullText(http(), `${server.origin}${path}`, teaser)).toEqual({ body: teaser, from: 'feed', reason });
  });

  it('keeps the feed text when the page has no article', async () => {
    expect(await extractFullText(http(), `${server.origin}/empty`, teaser)).toMatchObject({ body: teaser, from: 'feed' });
  });

  it('keeps the feed text when it is longer than what the page gives', async () => {
    const long = 'A full feed text. '.repeat(100).trim();
    expect(await extractFullText(http(), `${server.origin}/article`, long)).toMatchObject({ body: long, from: 'feed' });
  });
});

describe('extractReadableText', () => {
  it('gives up on a page with more elements than it will read', () => {
    const huge = page('<span>x</span>'.repeat(40_000));
    expect(extractReadableText(Buffer.from(huge), 'text/html')).toBeUndefined();
  });
});
