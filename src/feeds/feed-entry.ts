// One raw feed entry into a FeedEntry: absolute http(s) addresses only, text as plain paragraphs
// within the article size limit, a title that is never empty, and a stable key.
import { DEFAULT_MAX_ARTICLE_BYTES } from '../core/parse-article.js';
import { contentHashOf, identitiesOf } from './entry-identity.js';
import type { RawEntry, RawText } from './feed-formats.js';
import { htmlToLine, htmlToParagraphs, plainTextToParagraphs } from './html-text.js';
import type { FeedEntry } from './types.js';

/** The same cap as an article file's front-matter title. */
export const MAX_TITLE_CHARS = 1000;
const MAX_AUTHOR_CHARS = 200;
const FALLBACK_TITLE_CHARS = 100;
/** Leaves room for the title and metadata inside the article size limit. */
export const MAX_BODY_BYTES = DEFAULT_MAX_ARTICLE_BYTES - 16 * 1024;

export interface EntryContext {
  /** The address relative links are resolved against: xml:base, else the feed's own address. */
  base?: string;
  maxBodyBytes?: number;
}

/** An absolute http(s) address, resolved against `base`; anything else (javascript:, data:, junk) is dropped. */
export function absoluteHttpUrl(value: string | undefined, base?: string): string | undefined {
  if (!value?.trim()) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function oneLine(text: RawText | undefined): string {
  if (!text) return '';
  return text.html ? htmlToLine(text.value) : text.value.replace(/\s+/g, ' ').trim();
}

/** Cuts to at most `max` code points, at a space when one is near the end, marking the cut with "…". */
function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Whole paragraphs up to `maxBytes` of UTF-8; a single paragraph too long on its own is cut. */
export function limitBody(body: string, maxBytes: number): string {
  if (Buffer.byteLength(body) <= maxBytes) return body;
  const kept: string[] = [];
  let used = 0;
  for (const paragraph of body.split('\n\n')) {
    const size = Buffer.byteLength(paragraph) + (kept.length ? 2 : 0);
    if (used + size > maxBytes) {
      if (kept.length === 0) kept.push(Buffer.from(paragraph).subarray(0, maxBytes - 3).toString('utf8').replace(/\uFFFD$/, '') + '…');
      break;
    }
    kept.push(paragraph);
    used += size;
  }
  return kept.join('\n\n');
}

function parseDate(value: string | undefined): Date | undefined {
  // Date() reads a bare number such as "12" as a day in 2001; no feed date format is only digits.
  if (!value || /^[\d\s.]*$/.test(value)) return undefined;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function buildEntry(raw: RawEntry, context: EntryContext = {}): FeedEntry | { skip: string } {
  const base = absoluteHttpUrl(raw.base, context.base) ?? context.base;
  const body = raw.text
    ? limitBody((raw.text.html ? htmlToParagraphs : plainTextToParagraphs)(raw.text.value), context.maxBodyBytes ?? MAX_BODY_BYTES)
    : '';
  let title = shorten(oneLine(raw.title), MAX_TITLE_CHARS);
  // An untitled entry (allowed in RSS and JSON Feed) is named by the start of its text.
  if (!title) title = shorten(body.split('\n\n')[0] ?? '', FALLBACK_TITLE_CHARS);
  if (!title) return { skip: 'the entry has neither a title nor any text' };

  const url = absoluteHttpUrl(raw.link, base);
  const image = raw.images.map((candidate) => absoluteHttpUrl(candidate, base)).find((candidate) => candidate !== undefined);
  const author = shorten(raw.author?.replace(/\s+/g, ' ').trim() ?? '', MAX_AUTHOR_CHARS);
  const publishedAt = parseDate(raw.published);
  const guid = raw.guid?.trim();
  const { keySource, identities } = identitiesOf({ guid, link: url, title, publishedAt });

  const entry: FeedEntry = { key: identities[0]!, keySource, identities, title, body, contentHash: '' };
  if (url) entry.url = url;
  if (publishedAt) entry.publishedAt = publishedAt;
  if (author) entry.author = author;
  if (image) entry.image = image;
  entry.contentHash = contentHashOf(entry);
  return entry;
}
