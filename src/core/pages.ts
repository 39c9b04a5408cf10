// Splits an article into readable pages for /news read. Pages break between paragraphs, else between
// sentences, else between words, and each page's escaped text fits an embed description.
import type { Article } from './article.js';
import { codePoints } from './limits.js';
import { escapeDiscordText } from './markdown.js';
import { splitParagraphs, splitSentences } from './sentences.js';

/** Long enough to read a few paragraphs, short enough not to be a wall of text on a phone. */
export const PAGE_SIZE = 3000;

const cache = new WeakMap<Article, string[]>();

/** Pages of escaped article text; never empty. Cached per article object (articles are immutable). */
export function articlePages(article: Article, pageSize = PAGE_SIZE): string[] {
  const cached = cache.get(article);
  if (cached && pageSize === PAGE_SIZE) return cached;
  const pages = paginate(article.body, pageSize);
  if (pageSize === PAGE_SIZE) cache.set(article, pages);
  return pages;
}

export function paginate(body: string, pageSize = PAGE_SIZE): string[] {
  const pages: string[] = [];
  let current = '';
  const place = (piece: string, separator: string): void => {
    if (!current) current = piece;
    else if (codePoints(current) + separator.length + codePoints(piece) <= pageSize) current += separator + piece;
    else {
      pages.push(current);
      current = piece;
    }
  };
  for (const paragraph of splitParagraphs(body)) {
    const escaped = escapeDiscordText(paragraph);
    if (codePoints(escaped) <= pageSize) {
      place(escaped, '\n\n');
      continue;
    }
    // An oversized paragraph continues across pages sentence by sentence.
    let first = true;
    for (const sentence of splitSentences(paragraph)) {
      for (const piece of splitToFit(escapeDiscordText(sentence), pageSize)) {
        place(piece, first ? '\n\n' : ' ');
        first = false;
      }
    }
  }
  if (current) pages.push(current);
  return pages.length ? pages : [''];
}

/** Splits text longer than `size` at spaces (or anywhere, for a single enormous word) without splitting a character. */
function splitToFit(text: string, size: number): string[] {
  const chars = Array.from(text);
  if (chars.length <= size) return [text];
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + size);
    if (end < chars.length) {
      const space = chars.lastIndexOf(' ', end);
      if (space > start + size / 2) end = space;
    }
    // A backslash escape must stay with the character it escapes.
    if (end < chars.length && chars[end - 1] === '\\') end--;
    out.push(chars.slice(start, end).join('').trim());
    start = end;
  }
  return out.filter(Boolean);
}
