import { describe, expect, it } from 'vitest';
import { createVocabulary, DEFAULT_SEED, generateArticle } from '../../scripts/bench/corpus.js';
import { measureFeedImport, rssFeedXml } from '../../scripts/bench/feeds.js';
import { parseFeedText } from '../../src/feeds/parse-feed.js';

describe('bench feed corpus', () => {
  it('builds RSS whose entries come back as the corpus articles they were made from', () => {
    const vocab = createVocabulary(DEFAULT_SEED);
    const result = parseFeedText(rssFeedXml(vocab, DEFAULT_SEED, 2, 3));
    if (!result.ok) throw new Error(result.reason);
    expect(result.feed.entries).toHaveLength(3);
    const source = generateArticle(vocab, DEFAULT_SEED, 2 * 3 + 1);
    const entry = result.feed.entries[1]!;
    expect(entry).toMatchObject({ key: `guid:${source.id}`, title: source.title, author: source.author });
    expect(entry.body.split('\n\n').slice(0, -1)).toEqual(source.paragraphs.slice(0, -1));
    expect(entry.body.endsWith(`${source.paragraphs.at(-1)} Read more`)).toBe(true);
  });

  it('measures every entry it generates', () => {
    expect(measureFeedImport({ feeds: 2, entriesPerFeed: 4 })).toMatchObject({ feeds: 2, entriesPerFeed: 4, entries: 8 });
  });
});
