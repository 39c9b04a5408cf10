// How an entry is recognised from one fetch to the next, and when it counts as changed. The key comes
// from the entry's guid, else its link, else its title and date; every one of those the entry has is
// also kept as an identity, so a feed that switches its guid scheme still matches its old entries by
// link (or title and date) instead of posting them all again.
import { createHash } from 'node:crypto';
import { ARTICLE_ID_PATTERN } from '../core/article.js';
import type { FeedEntry, KeySource } from './types.js';

// Keys are stored; a very long guid or link is kept as a digest rather than as itself.
const MAX_KEY_VALUE = 1000;

function digest(text: string, length = 43): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

function identity(source: KeySource, value: string): string {
  return value.length > MAX_KEY_VALUE ? `${source}#sha256:${digest(value)}` : `${source}:${value}`;
}

export interface IdentityParts {
  guid?: string;
  link?: string;
  title: string;
  publishedAt?: Date;
}

/** The entry's identities, strongest first: guid, link, title with date. The first is its key. */
export function identitiesOf({ guid, link, title, publishedAt }: IdentityParts): { keySource: KeySource; identities: string[] } {
  const parts: [KeySource, string][] = [];
  if (guid) parts.push(['guid', guid]);
  if (link) parts.push(['link', link]);
  // A title without a date ("Daily briefing") says too little to stand in for a guid or link.
  if (parts.length === 0 || publishedAt) parts.push(['title-date', `${title}\n${publishedAt ? publishedAt.toISOString() : ''}`]);
  return { keySource: parts[0]![0], identities: parts.map(([source, value]) => identity(source, value)) };
}

/** Changes with anything a reader sees: title, body, address, author, picture. */
export function contentHashOf(entry: Pick<FeedEntry, 'title' | 'body' | 'url' | 'author' | 'image'>): string {
  return digest(JSON.stringify([entry.title, entry.body, entry.url ?? '', entry.author ?? '', entry.image ?? '']));
}

const FEED_ID = /^[A-Za-z0-9_]{1,40}$/;

/**
 * The article id for an entry of a feed: `f<feed id>-<22 characters of SHA-256 of the key>`. Stable for
 * the same feed and key, different across feeds, and inside the article id pattern. 132 bits of hash
 * make a clash between two keys of one feed practically impossible.
 */
export function articleIdFor(feedId: string | number, key: string): string {
  const feed = String(feedId);
  if (!FEED_ID.test(feed)) throw new RangeError('feed id must be 1 to 40 letters, digits or "_"');
  const id = `f${feed}-${digest(key, 22)}`;
  if (!ARTICLE_ID_PATTERN.test(id)) throw new RangeError(`article id ${id} does not fit the article id pattern`);
  return id;
}

/** What the catalog remembers about an entry it has stored. */
export interface KnownEntry {
  /** The key the entry was first stored under; its article id stays derived from this one. */
  key: string;
  contentHash: string;
}

export type EntryStatus = 'new' | 'changed' | 'unchanged';

export interface ComparedEntry {
  entry: FeedEntry;
  status: EntryStatus;
  /** The key to store the entry under: the known one when the entry was matched by another identity. */
  key: string;
}

/**
 * Sorts fetched entries into new, changed (same entry, different content hash) and unchanged. `lookup`
 * answers for one identity; the store records every identity of an entry under its key, including the
 * new ones of an entry matched by a weaker identity, so that each can be looked up next time.
 */
export function compareWithKnown(entries: FeedEntry[], lookup: (identity: string) => KnownEntry | undefined): ComparedEntry[] {
  // A link or title shared by several entries of this document (every item pointing at the home page)
  // does not tell them apart, so it is not used to match them.
  const uses = new Map<string, number>();
  for (const entry of entries) for (const id of entry.identities) uses.set(id, (uses.get(id) ?? 0) + 1);
  return entries.map((entry) => {
    for (const [index, id] of entry.identities.entries()) {
      if (index > 0 && uses.get(id)! > 1) continue;
      const known = lookup(id);
      if (known) return { entry, key: known.key, status: known.contentHash === entry.contentHash ? 'unchanged' : 'changed' };
    }
    return { entry, key: entry.key, status: 'new' };
  });
}
