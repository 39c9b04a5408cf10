// A feed document (RSS 0.9x/1.0/2.0, Atom, RDF or JSON Feed) into a ParsedFeed. Pure and synchronous:
// the fetcher calls it on downloaded bytes, tests and the benchmark on text in memory.
//
// XML safety: feedsmith parses with fast-xml-parser configured not to process entities, so entities
// declared in a DOCTYPE are never expanded (a "billion laughs" document stays its own size) and external
// entities are never fetched (the parser refuses them). Predefined and numeric character references are
// decoded by feedsmith itself. tests/feeds/parse-feed.test.ts holds both attacks to that.
import { type AnyFeed, DetectError, MalformedError, parseFeed as parseAnyFeed } from 'feedsmith';
import { buildEntry, absoluteHttpUrl } from './feed-entry.js';
import { rawFeedOf } from './feed-formats.js';
import { htmlToLine } from './html-text.js';
import { decodeText, xmlDeclaredEncoding } from './read-body.js';
import type { FeedEntry, ParsedFeed, SkippedEntry } from './types.js';

/** Entries read from one document; a feed with more is cut (feeds list newest first). */
export const MAX_ENTRIES = 500;

export interface ParseFeedOptions {
  /** The address the document came from: relative links resolve against it, and it names an untitled feed. */
  feedUrl?: string;
  maxEntries?: number;
  maxBodyBytes?: number;
}

export type ParseFeedResult = { ok: true; feed: ParsedFeed } | { ok: false; reason: string; detail?: string };

function feedTitle(raw: ReturnType<typeof rawFeedOf>['title'], feedUrl: string | undefined): string {
  const title = raw ? (raw.html ? htmlToLine(raw.value) : raw.value.replace(/\s+/g, ' ').trim()) : '';
  if (title) return title.slice(0, 200);
  try {
    return feedUrl ? new URL(feedUrl).hostname : 'Untitled feed';
  } catch {
    return 'Untitled feed';
  }
}

export function parseFeedText(text: string, options: ParseFeedOptions = {}): ParseFeedResult {
  let parsed: AnyFeed;
  try {
    parsed = parseAnyFeed<string>(text, { maxItems: options.maxEntries ?? MAX_ENTRIES });
  } catch (error) {
    if (error instanceof DetectError) return { ok: false, reason: 'the document is not an RSS, Atom, RDF or JSON feed' };
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    const reason =
      error instanceof MalformedError ? 'the feed is not well-formed XML' : 'the feed could not be read as RSS, Atom, RDF or JSON Feed';
    return { ok: false, reason, detail: String(cause).slice(0, 300) };
  }

  const raw = rawFeedOf(parsed);
  const base = absoluteHttpUrl(raw.base, options.feedUrl) ?? options.feedUrl;
  const entries: FeedEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  raw.entries.forEach((rawEntry, index) => {
    const built = buildEntry(rawEntry, { ...(base && { base }), ...(options.maxBodyBytes && { maxBodyBytes: options.maxBodyBytes }) });
    if ('skip' in built) skipped.push({ index, reason: built.skip });
    else if (seen.has(built.key)) skipped.push({ index, reason: 'the entry repeats the key of an earlier entry' });
    else {
      seen.add(built.key);
      entries.push(built);
    }
  });

  const feed: ParsedFeed = { format: parsed.format, title: feedTitle(raw.title, options.feedUrl), entries, skipped };
  const link = absoluteHttpUrl(raw.link, base);
  if (link) feed.link = link;
  return { ok: true, feed };
}

/** Bytes as downloaded: decoded by byte-order mark, HTTP charset or XML declaration, then parsed. */
export function parseFeedBytes(bytes: Uint8Array, contentType?: string, options: ParseFeedOptions = {}): ParseFeedResult {
  return parseFeedText(decodeText(bytes, contentType, xmlDeclaredEncoding(bytes)), options);
}
