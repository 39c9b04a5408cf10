// A feed entry as an article of the catalog, the same model article files load into.
import type { Article } from '../core/article.js';
import { articleIdFor } from './entry-identity.js';
import type { FeedEntry } from './types.js';

// Feeds with clocks a little ahead are common; a date further ahead than this is not believed.
const FUTURE_SKEW_MS = 10 * 60_000;

export interface ArticleContext {
  feedId: string | number;
  /** The feed's title: the article's source. */
  source: string;
  /** The key the entry is stored under (compareWithKnown's `key`; the entry's own key when new). */
  key?: string;
  /** When the entry was first seen: the published time of an undated entry. */
  firstSeenAt: Date;
  /** Text from the linked page, when the feed is read with full text. */
  fullText?: string;
}

/**
 * The entry's own date when it can be believed at `seenAt`, else undefined: an undated entry, or one
 * dated in the future (which would stay on top of "latest" for ever), is dated when the bot first saw it.
 */
export function believableDate(entry: FeedEntry, seenAt: Date): Date | undefined {
  const published = entry.publishedAt;
  return published && published.getTime() <= seenAt.getTime() + FUTURE_SKEW_MS ? published : undefined;
}

export function feedEntryToArticle(entry: FeedEntry, context: ArticleContext): Article {
  const publishedAt = believableDate(entry, context.firstSeenAt) ?? context.firstSeenAt;
  const article: Article = {
    id: articleIdFor(context.feedId, context.key ?? entry.key),
    title: entry.title,
    // A link-only entry still needs a body for summaries and search; its title is all it says.
    body: context.fullText || entry.body || entry.title,
    source: context.source,
    publishedAt,
    tags: [],
  };
  if (entry.url) article.url = entry.url;
  if (entry.author) article.author = entry.author;
  if (entry.image) article.image = entry.image;
  return article;
}
