import { describe, expect, it } from 'vitest';
import { ARTICLE_ID_PATTERN } from '../../src/core/article.js';
import { feedEntryToArticle } from '../../src/feeds/entry-article.js';
import { articleIdFor, compareWithKnown, type KnownEntry } from '../../src/feeds/entry-identity.js';
import { parseFeedText } from '../../src/feeds/parse-feed.js';
import type { FeedEntry } from '../../src/feeds/types.js';

const rss = (items: string) => `<rss version="2.0"><channel><title>Quay Post</title>${items}</channel></rss>`;
function entriesOf(items: string): FeedEntry[] {
  const result = parseFeedText(rss(items), { feedUrl: 'https://quay.example.org/rss' });
  if (!result.ok) throw new Error(result.reason);
  return result.feed.entries;
}

/** A store that remembers every identity of every entry under the key it was first stored with. */
function storeOf(entries: FeedEntry[]): (identity: string) => KnownEntry | undefined {
  const known = new Map<string, KnownEntry>();
  for (const entry of entries) for (const id of entry.identities) known.set(id, { key: entry.key, contentHash: entry.contentHash });
  return (identity) => known.get(identity);
}

describe('articleIdFor', () => {
  it('is stable, fits the article id pattern and differs between feeds and keys', () => {
    const id = articleIdFor(7, 'guid:abc');
    expect(id).toMatch(ARTICLE_ID_PATTERN);
    expect(id).toMatch(/^f7-[A-Za-z0-9_-]{22}$/);
    expect(articleIdFor(7, 'guid:abc')).toBe(id);
    expect(articleIdFor(8, 'guid:abc')).not.toBe(id);
    expect(articleIdFor(7, 'guid:abd')).not.toBe(id);
  });

  it('keeps the longest feed id and key inside 100 characters', () => {
    expect(articleIdFor('x'.repeat(40), 'guid:' + 'k'.repeat(5000))).toMatch(ARTICLE_ID_PATTERN);
  });

  it('refuses a feed id that could break out of the pattern', () => {
    expect(() => articleIdFor('../etc', 'guid:a')).toThrow(RangeError);
    expect(() => articleIdFor('', 'guid:a')).toThrow(RangeError);
  });

  it('gives 5,000 different keys 5,000 different ids', () => {
    const ids = new Set(Array.from({ length: 5000 }, (_, i) => articleIdFor(1, `guid:${i}`)));
    expect(ids.size).toBe(5000);
  });
});

describe('compareWithKnown', () => {
  const original = '<item><guid>q-1</guid><link>https://quay.example.org/1</link><title>Crane arrives</title><description>The new crane arrived.</description></item>';

  it('detects a changed entry: same key, new content hash', () => {
    const before = entriesOf(original);
    const after = entriesOf(original.replace('The new crane arrived.', 'The new crane arrived on Tuesday.'));
    expect(after[0]!.key).toBe(before[0]!.key);
    expect(after[0]!.contentHash).not.toBe(before[0]!.contentHash);
    expect(compareWithKnown(after, storeOf(before))).toMatchObject([{ status: 'changed', key: 'guid:q-1' }]);
  });

  it('an untouched entry is unchanged and a new one is new', () => {
    const before = entriesOf(original);
    const after = entriesOf(original + '<item><guid>q-2</guid><title>Second</title></item>');
    expect(compareWithKnown(after, storeOf(before)).map((c) => c.status)).toEqual(['unchanged', 'new']);
  });

  it('a feed that changes its guid scheme is matched by link and keeps its old keys', () => {
    const before = entriesOf(original);
    const after = entriesOf(original.replace('<guid>q-1</guid>', '<guid>https://quay.example.org/?p=1</guid>'));
    expect(after[0]!.key).not.toBe(before[0]!.key);
    expect(compareWithKnown(after, storeOf(before))).toMatchObject([{ status: 'unchanged', key: 'guid:q-1' }]);
  });

  it('a link shared by several entries (every item pointing at the home page) matches none of them', () => {
    const shared = (guid: string) => `<item><guid>${guid}</guid><link>https://quay.example.org/</link><title>${guid}</title></item>`;
    const before = entriesOf(shared('a'));
    const after = entriesOf(shared('b') + shared('c'));
    expect(compareWithKnown(after, storeOf(before)).map((c) => c.status)).toEqual(['new', 'new']);
  });

  it('an undated title does not stand in for a guid ("Daily briefing" every day)', () => {
    const before = entriesOf('<item><guid>d-1</guid><title>Daily briefing</title></item>');
    const after = entriesOf('<item><guid>d-2</guid><title>Daily briefing</title></item>');
    expect(compareWithKnown(after, storeOf(before))).toMatchObject([{ status: 'new', key: 'guid:d-2' }]);
  });
});

describe('feedEntryToArticle', () => {
  const firstSeenAt = new Date('2026-10-20T12:00:00Z');

  it('maps an entry to the article model with the feed title as source', () => {
    const [entry] = entriesOf(
      '<item><guid>q-1</guid><link>https://quay.example.org/1</link><title>Crane arrives</title><pubDate>Mon, 19 Oct 2026 10:00:00 GMT</pubDate><author>harbour@example.org (Pat Reyes)</author><description>Text.</description></item>',
    );
    const article = feedEntryToArticle(entry!, { feedId: 3, source: 'Quay Post', firstSeenAt });
    expect(article).toMatchObject({
      id: articleIdFor(3, 'guid:q-1'),
      title: 'Crane arrives',
      body: 'Text.',
      source: 'Quay Post',
      url: 'https://quay.example.org/1',
      author: 'Pat Reyes',
      tags: [],
    });
    expect(article.publishedAt.toISOString()).toBe('2026-10-19T10:00:00.000Z');
  });

  it('dates undated and future-dated entries when first seen, and uses the stored key for the id', () => {
    const [undated, future] = entriesOf('<item><guid>u</guid><title>U</title></item><item><guid>f</guid><title>F</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>');
    expect(feedEntryToArticle(undated!, { feedId: 1, source: 'S', firstSeenAt }).publishedAt).toEqual(firstSeenAt);
    const article = feedEntryToArticle(future!, { feedId: 1, source: 'S', firstSeenAt, key: 'guid:old' });
    expect(article.publishedAt).toEqual(firstSeenAt);
    expect(article.id).toBe(articleIdFor(1, 'guid:old'));
  });

  it('a link-only entry gets its title as body; full text replaces the feed text', () => {
    const [entry] = entriesOf('<item><link>https://quay.example.org/l</link><title>Only a link</title></item>');
    expect(feedEntryToArticle(entry!, { feedId: 1, source: 'S', firstSeenAt }).body).toBe('Only a link');
    expect(feedEntryToArticle(entry!, { feedId: 1, source: 'S', firstSeenAt, fullText: 'Page text.' }).body).toBe('Page text.');
  });
});
