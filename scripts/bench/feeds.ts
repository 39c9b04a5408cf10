// Feed import throughput for the benchmark: seeded RSS 2.0 documents made from the same synthetic
// articles as the rest of the corpus, parsed and converted in memory (no network), as entries per
// second, next to the feed library's parse alone as a baseline.
// Run alone: tsx scripts/bench/feeds.ts [--feeds 100] [--entries 50]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseFeed } from 'feedsmith';
import { parseFeedText } from '../../src/feeds/parse-feed.js';
import { createVocabulary, DEFAULT_SEED, generateArticle, type Vocabulary } from './corpus.js';
import { time } from './measure.js';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One feed of `entries` items; item i of feed f is corpus article f * entries + i, its body as HTML. */
export function rssFeedXml(vocab: Vocabulary, seed: number, feed: number, entries: number): string {
  const items: string[] = [];
  for (let i = 0; i < entries; i++) {
    const article = generateArticle(vocab, seed, feed * entries + i);
    // Light inline markup, as publishers' HTML has: emphasis in the lead and a link in the last paragraph.
    const html = article.paragraphs
      .map((paragraph, index) => {
        const text = escapeXml(paragraph);
        if (index === 0) return `<p><strong>${text.slice(0, 40)}</strong>${text.slice(40)}</p>`;
        if (index === article.paragraphs.length - 1) return `<p>${text} <a href="https://news.example.org/more">Read more</a></p>`;
        return `<p>${text}</p>`;
      })
      .join('\n');
    items.push(
      `<item><title>${escapeXml(article.title)}</title>` +
        `<link>https://news.example.org/${feed}/${article.id}</link>` +
        `<guid isPermaLink="false">${article.id}</guid>` +
        `<pubDate>${article.published.toUTCString()}</pubDate>` +
        `<dc:creator>${escapeXml(article.author)}</dc:creator>` +
        `<description><![CDATA[${html}]]></description></item>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>' +
    `<title>Bench feed ${feed}</title><link>https://news.example.org/${feed}/</link><description>Synthetic</description>` +
    `${items.join('\n')}</channel></rss>`
  );
}

export interface FeedImportFigures {
  feeds: number;
  entriesPerFeed: number;
  entries: number;
  megabytes: number;
  /** parseFeedText on every document: XML parse, HTML to paragraphs, keys and hashes. */
  importMs: number;
  entriesPerSecond: number;
  /** feedsmith's parse alone, the floor for any import built on it. */
  parseOnlyMs: number;
}

/** What scripts/bench/child-feeds.ts reports: the `feeds` key of the results file. */
export interface FeedFigures {
  feeds: number;
  entriesPerFeed: number;
  entries: number;
  documentsMb: number;
  /** The poller's first pass: fetch, parse, convert and store every entry. */
  importMs: number;
  entriesPerSecond: number;
  /** Of importMs, the time spent in the catalog's batch writes (4 feeds write at a time, so this is summed wall time). */
  catalogWriteMs: number;
  /** The next pass, every feed answering 304 to its ETag. */
  notModifiedPassMs: number;
  rssMb: number;
  rssBeforeGcMb: number;
  rssIdleMb: number;
  heapUsedMb: number;
  databaseMb: number;
  /** Baselines in the same process: parseFeedText on every document, and the feed library's parse alone. */
  parseAndConvertMs: number;
  parseOnlyMs: number;
}

export function measureFeedImport({ feeds = 100, entriesPerFeed = 50, seed = DEFAULT_SEED } = {}): FeedImportFigures {
  const vocab = createVocabulary(seed);
  const documents = Array.from({ length: feeds }, (_, feed) => rssFeedXml(vocab, seed, feed, entriesPerFeed));
  // One untimed pass compiles the path, as it long since has been in a running bot.
  for (const document of documents.slice(0, 5)) parseFeedText(document);
  const parseOnly = time(() => documents.forEach((document) => parseFeed(document)));
  const imported = time(() => documents.reduce((count, document) => {
    const result = parseFeedText(document, { feedUrl: 'https://news.example.org/feed' });
    if (!result.ok) throw new Error(`a bench feed did not parse: ${result.reason}`);
    return count + result.feed.entries.length;
  }, 0));
  return {
    feeds,
    entriesPerFeed,
    entries: imported.result,
    megabytes: documents.reduce((sum, document) => sum + Buffer.byteLength(document), 0) / 1024 / 1024,
    importMs: imported.ms,
    entriesPerSecond: imported.result / (imported.ms / 1000),
    parseOnlyMs: parseOnly.ms,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { feeds: { type: 'string', default: '100' }, entries: { type: 'string', default: '50' } } });
  const figures = measureFeedImport({ feeds: Number(values.feeds), entriesPerFeed: Number(values.entries) });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
