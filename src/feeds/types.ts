// The shapes the feed modules hand to the rest of the bot: fetch outcomes, parsed feeds and entries.

/** Why a fetch failed, for code that counts and reacts; `reason` is the text for people. */
export type FailureCode =
  | 'bad-url'
  | 'blocked-address'
  | 'too-many-redirects'
  | 'timeout'
  | 'dns'
  | 'network'
  | 'tls'
  | 'rate-limited'
  | 'http-status'
  | 'too-large'
  | 'not-a-feed'
  | 'not-a-page';

export interface FetchFailure {
  kind: 'failed';
  code: FailureCode;
  /** True when trying again later may well work (timeouts, 5xx, 429); false when a person must act. */
  transient: boolean;
  /** One sentence safe to show a server admin: it names the host at most, never internal addresses. */
  reason: string;
  /** For logs only: may name the address that was refused. */
  detail?: string;
  status?: number;
  /** The wait the server asked for (Retry-After), already capped. */
  retryAfterMs?: number;
}

/** What the fetcher remembers between two fetches of the same feed (for conditional GET). */
export interface CacheValidators {
  etag?: string;
  lastModified?: string;
}

interface Located {
  /** The address the content came from, after redirects. */
  finalUrl: string;
  /** Set when every redirect on the way was permanent (301/308): the feed's address may be updated. */
  movedTo?: string;
}

export type HttpOutcome =
  | ({ kind: 'not-modified' } & Located)
  | ({ kind: 'ok'; body: Uint8Array; contentType?: string } & CacheValidators & Located)
  | FetchFailure;

/** Which field of the entry its key was made from. */
export type KeySource = 'guid' | 'link' | 'title-date';

export interface FeedEntry {
  /** Stable across fetches: `guid:…`, else `link:…`, else `title-date:…` (see `keySource`). */
  key: string;
  keySource: KeySource;
  /** Every identity the entry has (the key first), to recognise it when a feed changes its guid scheme. */
  identities: string[];
  title: string;
  /** Plain paragraphs separated by "\n\n", trimmed; empty when the entry has no text of its own. */
  body: string;
  url?: string;
  publishedAt?: Date;
  author?: string;
  image?: string;
  /** Changes when the title, body, url, author or image change. */
  contentHash: string;
}

export interface SkippedEntry {
  /** The entry's position in the document, from 0. */
  index: number;
  reason: string;
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  link?: string;
  entries: FeedEntry[];
  skipped: SkippedEntry[];
}

export type FeedFetchResult =
  | ({ kind: 'not-modified' } & Located)
  | ({ kind: 'ok'; feed: ParsedFeed } & CacheValidators & Located)
  | FetchFailure;
