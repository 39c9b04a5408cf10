// A feed the tests can change between fetches: RSS 2.0 made from a list of items, served on the loopback
// fixture server with an ETag and conditional GET, as a well-behaved publisher would.
import { createHash } from 'node:crypto';
import type { FeedServer } from './feed-server.js';

export interface FeedItem {
  guid?: string;
  title: string;
  link?: string;
  description?: string;
  pubDate?: Date;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssXml(title: string, items: readonly FeedItem[]): string {
  const body = items
    .map((item) =>
      [
        '<item>',
        `<title>${escapeXml(item.title)}</title>`,
        item.guid ? `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>` : '',
        item.link ? `<link>${escapeXml(item.link)}</link>` : '',
        item.pubDate ? `<pubDate>${item.pubDate.toUTCString()}</pubDate>` : '',
        `<description>${escapeXml(item.description ?? `<p>${item.title}. The story goes on. It has a few sentences.</p>`)}</description>`,
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://news.example.org/</link><description>Test</description>\n${body}\n</channel></rss>`;
}

export interface PublishedFeed {
  /** Change these (or the title) and the next fetch sees the change; a fetch in between gets 304. */
  items: FeedItem[];
  title: string;
  /** Requests that got the document, and requests answered 304. */
  served: number;
  notModified: number;
}

/** Serves `items` as RSS at `path` on `server`; the returned object stays live. */
export function publishFeed(server: FeedServer, path: string, title: string, items: FeedItem[]): PublishedFeed {
  const feed: PublishedFeed = { items, title, served: 0, notModified: 0 };
  server.route(path, (request, response) => {
    const xml = rssXml(feed.title, feed.items);
    const etag = `"${createHash('sha256').update(xml).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) {
      feed.notModified++;
      response.writeHead(304, { etag }).end();
      return;
    }
    feed.served++;
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(xml);
  });
  return feed;
}

/** Items `from` to `to` (inclusive) of a numbered story series, newest first as feeds list them. */
export function stories(from: number, to: number, day = Date.parse('2026-10-20T08:00:00Z')): FeedItem[] {
  const items: FeedItem[] = [];
  for (let n = to; n >= from; n--) {
    items.push({ guid: `story-${n}`, title: `Harbour story number ${n}`, link: `https://news.example.org/stories/${n}`, pubDate: new Date(day + n * 60_000) });
  }
  return items;
}
