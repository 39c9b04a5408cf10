// Fetching one feed: a conditional GET through the safe client, then parsing. A 304 costs nothing but
// the request; a document that is not a feed is a failure with a reason, like any other.
import type { ParseFeedOptions } from './parse-feed.js';
import type { SafeHttp } from './safe-http.js';
import type { CacheValidators, FeedFetchResult } from './types.js';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * Fetches and parses the feed at `url`. Pass the validators from the last successful fetch; an `ok`
 * result carries the new ones to store (absent ones should be cleared).
 */
export async function fetchFeed(
  http: SafeHttp,
  url: string,
  validators: CacheValidators = {},
  options: Omit<ParseFeedOptions, 'feedUrl'> = {},
): Promise<FeedFetchResult> {
  const outcome = await http.get(url, { accept: FEED_ACCEPT, ...validators });
  if (outcome.kind !== 'ok') return outcome;
  const { body, contentType, ...rest } = outcome;
  // Loaded on the first feed read: the parser and its HTML converter cost about 30 MB, which a bot
  // that follows no feed never needs.
  const { parseFeedBytes } = await import('./parse-feed.js');
  const parsed = parseFeedBytes(body, contentType, { ...options, feedUrl: outcome.finalUrl });
  if (!parsed.ok) {
    return { kind: 'failed', code: 'not-a-feed', transient: false, reason: parsed.reason, ...(parsed.detail && { detail: parsed.detail }) };
  }
  return { ...rest, feed: parsed.feed };
}
