import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeedBytes, parseFeedText, type ParseFeedResult } from '../../src/feeds/parse-feed.js';
import type { ParsedFeed } from '../../src/feeds/types.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

function feedOf(result: ParseFeedResult): ParsedFeed {
  if (!result.ok) throw new Error(`expected a feed, got: ${result.reason}`);
  return result.feed;
}

describe('parseFeedBytes on the sample feeds', () => {
  it('reads RSS 2.0: full content over the teaser, scripts dropped, image from media tags', () => {
    const feed = feedOf(parseFeedBytes(fixture('rss2.xml'), 'application/rss+xml', { feedUrl: 'https://ledger.example.org/feed' }));
    expect(feed).toMatchObject({ format: 'rss', title: 'Harbour Ledger & Tide', link: 'https://ledger.example.org/' });
    expect(feed.entries).toHaveLength(3);
    const [tram, ferry, untitled] = feed.entries;
    expect(tram).toMatchObject({
      key: 'guid:ledger-2026-1014-tram',
      keySource: 'guid',
      title: 'Tram line extended by four stops',
      url: 'https://ledger.example.org/2026/10/tram-line',
      author: 'Zoë Brontë',
      image: 'https://ledger.example.org/img/tram.jpg',
      body:
        'The council voted on Monday to extend the harbour tram line by four stops.\n\n' +
        'Critics say the plan will cost twice the estimate. Read the budget.\n\n' +
        'Works begin in spring & finish in 2028.',
    });
    expect(tram!.publishedAt?.toISOString()).toBe('2026-10-14T08:30:00.000Z');
    expect(tram!.body).not.toContain('pwned');
    // No guid: the link is the key; an image enclosure is the picture; the offset date is read right.
    expect(ferry).toMatchObject({ key: 'link:https://ledger.example.org/2026/10/ferry', keySource: 'link', image: 'https://ledger.example.org/img/ferry.png' });
    expect(ferry!.body).toBe('Ferries to the north pier run hourly from November.\n\nThe last crossing leaves at 22:10.');
    expect(ferry!.publishedAt?.toISOString()).toBe('2026-10-13T15:00:00.000Z');
    // No guid, no link, no title: the start of the text names it, and title with date is its key.
    expect(untitled!.keySource).toBe('title-date');
    expect(untitled!.title).toBe('A short note without a title: the fish market opens an hour later on Sunday. Traders agreed on the…');
  });

  it('reads Atom: xhtml title and content, xml:base for relative links, enclosure link as image', () => {
    const feed = feedOf(parseFeedBytes(fixture('atom.xml'), 'application/atom+xml'));
    expect(feed).toMatchObject({ format: 'atom', title: 'Hill Observatory Notes', link: 'https://observatory.example.net/' });
    expect(feed.entries[0]).toMatchObject({
      key: 'guid:tag:observatory.example.net,2026:meteors',
      title: 'A clear night for the meteor shower',
      url: 'https://observatory.example.net/notes/2026/meteors',
      image: 'https://observatory.example.net/img/meteors.jpg',
      author: 'Ines Okafor',
      body: 'Skies over the hill should stay clear until dawn, the duty astronomer said.\n\nThe shower peaks after midnight, with up to twenty meteors an hour.',
    });
    expect(feed.entries[0]!.publishedAt?.toISOString()).toBe('2026-10-20T19:00:00.000Z');
    // Escaped HTML content; no published date, so updated stands in.
    expect(feed.entries[1]).toMatchObject({ body: 'The open evening moves to Thursday because of the forecast.' });
    expect(feed.entries[1]!.publishedAt?.toISOString()).toBe('2026-10-18T09:00:00.000Z');
  });

  it('reads JSON Feed: HTML lists, plain-text paragraphs, numeric ids', () => {
    const feed = feedOf(parseFeedBytes(fixture('feed.json'), 'application/feed+json'));
    expect(feed).toMatchObject({ format: 'json', title: 'Valley Cycling Club', link: 'https://cycling.example.com/' });
    expect(feed.entries[0]).toMatchObject({
      key: 'guid:2026-10-club-ride',
      author: 'Marta Quist',
      image: 'https://cycling.example.com/img/reservoir.jpg',
      body: 'The Sunday ride leaves the square at nine.\n\n• Route: 64 km\n\n• Pace: steady',
    });
    expect(feed.entries[1]).toMatchObject({
      key: 'guid:42',
      body: 'Clocks go back this weekend.\n\nPlease fit front and rear lights before the evening rides.',
    });
  });

  it('reads RDF (RSS 1.0): rdf:about is the guid, Dublin Core gives date and author', () => {
    const feed = feedOf(parseFeedBytes(fixture('rdf.xml'), 'application/rdf+xml'));
    expect(feed.entries[0]).toMatchObject({
      key: 'guid:https://library.example.org/news/reading-week',
      author: 'Library staff',
      body: 'Readings every evening in the main hall.',
    });
  });

  it('reads RSS 0.91 with its public DOCTYPE and an ISO-8859-1 declaration', () => {
    const feed = feedOf(parseFeedBytes(fixture('rss091.xml'), 'text/xml'));
    expect(feed.entries).toMatchObject([{ key: 'link:https://mill.example.org/wheel', title: 'Mill wheel turns again' }]);
  });

  it('decodes by the XML declaration when HTTP names no charset, and HTTP wins when it does', () => {
    const bytes = fixture('latin1.xml');
    expect(feedOf(parseFeedBytes(bytes, 'application/rss+xml')).entries[0]!.title).toBe('Crème brûlée week');
    expect(feedOf(parseFeedBytes(bytes, 'text/xml; charset=iso-8859-1')).title).toBe('Café du Port');
    // A guid that is not an address does not become the entry's link, whatever isPermaLink says.
    expect(feedOf(parseFeedBytes(bytes)).entries[0]!.url).toBeUndefined();
  });
});

describe('parseFeedText refuses what is not a feed', () => {
  it('malformed XML is a failure with a reason, not an exception', () => {
    expect(parseFeedBytes(fixture('malformed.xml'))).toMatchObject({ ok: false, reason: 'the feed is not well-formed XML' });
  });

  it.each([
    ['an HTML page', '<!doctype html><html><body><p>Hello</p></body></html>'],
    ['plain text', 'just some words'],
    ['JSON that is not a feed', '{"hello": "world"}'],
    ['an empty document', ''],
  ])('%s is "not a feed"', (_name, text) => {
    expect(parseFeedText(text)).toMatchObject({ ok: false, reason: 'the document is not an RSS, Atom, RDF or JSON feed' });
  });

  it('a billion-laughs document is read without expanding its entities', () => {
    const text = fixture('billion-laughs.xml').toString('utf8');
    const feed = feedOf(parseFeedText(text));
    const everything = JSON.stringify(feed);
    // Expanded, &lol9; alone would be 10^9 "lol"s (3 GB); unexpanded, the output is the input's size.
    expect(everything).not.toContain('lollol');
    expect(everything.length).toBeLessThan(text.length * 2);
  });

  it('a quadratic-blowup document (one large entity used many times) is not expanded either', () => {
    const text =
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "${'x'.repeat(100_000)}">]>` +
      `<rss version="2.0"><channel><title>Q</title><item><title>T</title><description>${'&big;'.repeat(20_000)}</description></item></channel></rss>`;
    const feed = feedOf(parseFeedText(text));
    expect(feed.entries[0]!.body.length).toBeLessThan(text.length);
  });

  it('an external entity is refused, never read from disk or network', () => {
    const result = parseFeedBytes(fixture('xxe.xml'));
    expect(result).toMatchObject({ ok: false, reason: 'the feed is not well-formed XML' });
  });
});

describe('parseFeedText entries', () => {
  const rss = (items: string) => `<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;

  it('keys: guid, else link, else title with date', () => {
    const feed = feedOf(
      parseFeedText(
        rss(
          '<item><guid>g-1</guid><link>https://a.example/1</link><title>One</title></item>' +
            '<item><link>/2</link><title>Two</title></item>' +
            '<item><title>Three</title><pubDate>Mon, 12 Oct 2026 06:00:00 GMT</pubDate></item>',
        ),
        { feedUrl: 'https://a.example/feed.xml' },
      ),
    );
    expect(feed.entries.map((entry) => [entry.keySource, entry.key])).toEqual([
      ['guid', 'guid:g-1'],
      ['link', 'link:https://a.example/2'],
      ['title-date', 'title-date:Three\n2026-10-12T06:00:00.000Z'],
    ]);
    expect(feed.entries[0]!.identities).toEqual(['guid:g-1', 'link:https://a.example/1']);
  });

  it('the same document gives the same keys and hashes every time', () => {
    const text = fixture('rss2.xml').toString('utf8');
    const first = feedOf(parseFeedText(text)).entries;
    const second = feedOf(parseFeedText(text)).entries;
    expect(second.map((entry) => [entry.key, entry.contentHash])).toEqual(first.map((entry) => [entry.key, entry.contentHash]));
  });

  it('skips an entry that repeats an earlier key, and one with neither title nor text', () => {
    const feed = feedOf(parseFeedText(rss('<item><guid>a</guid><title>First</title></item><item><guid>a</guid><title>Again</title></item><item><guid>b</guid><description>&lt;p&gt;&lt;/p&gt;</description></item>')));
    expect(feed.entries.map((entry) => entry.title)).toEqual(['First']);
    expect(feed.skipped).toEqual([
      { index: 1, reason: 'the entry repeats the key of an earlier entry' },
      { index: 2, reason: 'the entry has neither a title nor any text' },
    ]);
  });

  it('keeps only http(s) addresses for links and images', () => {
    const feed = feedOf(
      parseFeedText(
        rss('<item><title>X</title><link>javascript:alert(1)</link><enclosure url="data:image/png;base64,AAAA" type="image/png" length="1"/></item>'),
      ),
    );
    expect(feed.entries[0]!.url).toBeUndefined();
    expect(feed.entries[0]!.image).toBeUndefined();
  });

  it.each([['sometime soon'], ['12'], ['2026']])('an unreadable date (%j) is left out rather than guessed', (date) => {
    const feed = feedOf(parseFeedText(rss(`<item><title>X</title><pubDate>${date}</pubDate></item>`)));
    expect(feed.entries[0]!.publishedAt).toBeUndefined();
  });

  it('reads markup and escaped entities in RSS titles as HTML', () => {
    const feed = feedOf(parseFeedText(rss('<item><title>Rates &lt;em&gt;cut&lt;/em&gt; &amp;amp; more</title></item><item><title><![CDATA[Port <b>reopens</b>]]></title></item>')));
    expect(feed.entries.map((entry) => entry.title)).toEqual(['Rates cut & more', 'Port reopens']);
  });

  it('a JSON Feed with values of the wrong types is read as far as it makes sense', () => {
    const json = '{"version":"https://jsonfeed.org/version/1.1","title":123,"items":[null,{"id":5,"title":7,"content_html":{"a":1},"date_published":12}]}';
    const feed = feedOf(parseFeedText(json));
    expect(feed.title).toBe('123');
    expect(feed.entries).toMatchObject([{ key: 'guid:5', title: '7', body: '' }]);
    expect(feed.entries[0]!.publishedAt).toBeUndefined();
  });

  it('cuts a body over the size limit at a paragraph boundary', () => {
    const paragraph = 'word '.repeat(200).trim();
    const html = Array.from({ length: 50 }, () => `<p>${paragraph}</p>`).join('');
    const feed = feedOf(parseFeedText(rss(`<item><title>Long</title><description><![CDATA[${html}]]></description></item>`), { maxBodyBytes: 10_000 }));
    const body = feed.entries[0]!.body;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(10_000);
    expect(body.split('\n\n').every((part) => part === paragraph)).toBe(true);
  });

  it('cuts a single paragraph over the limit and marks the cut', () => {
    const feed = feedOf(parseFeedText(rss(`<item><title>Long</title><description>${'é'.repeat(5000)}</description></item>`), { maxBodyBytes: 1000 }));
    const body = feed.entries[0]!.body;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1000);
    expect(body.endsWith('é…')).toBe(true);
  });

  it('caps a very long title and names an untitled feed by its host', () => {
    const feed = feedOf(parseFeedText(`<rss version="2.0"><channel><item><title>${'Long title '.repeat(200)}</title></item></channel></rss>`, { feedUrl: 'https://news.example.org/rss' }));
    expect(feed.title).toBe('news.example.org');
    expect(Array.from(feed.entries[0]!.title).length).toBeLessThanOrEqual(1000);
    expect(feed.entries[0]!.title.endsWith('…')).toBe(true);
  });

  it('reads at most maxEntries entries', () => {
    const items = Array.from({ length: 30 }, (_, i) => `<item><guid>${i}</guid><title>Item ${i}</title></item>`).join('');
    expect(feedOf(parseFeedText(rss(items), { maxEntries: 10 })).entries).toHaveLength(10);
  });
});
