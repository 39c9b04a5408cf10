// Splits an article into readable pages for /news read. Pages break between paragraphs, else between
// sentences, else between words, and each page's escaped text fits an embed description. Spoilers
// (||...||) stay hidden: every piece is rendered on its own, so a spoiler cut by a page break is
// closed at the end of one page and opened again on the next, never left unbalanced.
import type { Article } from './article.js';
import { codePoints } from './limits.js';
import { splitParagraphs } from './sentences.js';
import { renderSpoilerRange, sentenceRanges, type SpoilerSpan, spoilerSpans } from './spoilers.js';

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
    const spans = spoilerSpans(paragraph);
    const whole = renderSpoilerRange(paragraph, spans);
    if (codePoints(whole) <= pageSize) {
      place(whole, '\n\n');
      continue;
    }
    // An oversized paragraph continues across pages sentence by sentence.
    let first = true;
    const bound = renderedBound(paragraph, spans);
    for (const sentence of sentenceRanges(paragraph, spans)) {
      for (const piece of renderToFit(paragraph, spans, sentence.start, sentence.end, pageSize, bound)) {
        place(piece, first ? '\n\n' : ' ');
        first = false;
      }
    }
  }
  if (current) pages.push(current);
  return pages.length ? pages : [''];
}

/**
 * Renders paragraph[from, to) in pieces of at most `size` code points each, cut at spaces (or anywhere,
 * for a single enormous word, never inside a character). Pieces are chosen by an upper bound on their
 * rendered length (every character escaped, every spoiler opened and closed), so the limit holds by
 * construction rather than by trimming afterwards.
 */
function renderToFit(
  paragraph: string,
  spans: readonly SpoilerSpan[],
  from: number,
  to: number,
  size: number,
  bound: (start: number, end: number) => number,
): string[] {
  const whole = renderSpoilerRange(paragraph, spans, from, to);
  if (codePoints(whole) <= size) return whole ? [whole] : [];
  const out: string[] = [];
  let start = from;
  while (start < to) {
    while (start < to && paragraph[start] === ' ') start++;
    if (start >= to) break;
    let end = start;
    // Extend word by word while the bound allows.
    for (let next = nextSpace(paragraph, start, to); bound(start, next) <= size; next = nextSpace(paragraph, next + 1, to)) {
      end = next;
      if (next >= to) break;
    }
    if (end === start) end = cutInsideWord(paragraph, start, to, (e) => bound(start, e) <= size);
    const piece = renderSpoilerRange(paragraph, spans, start, end).trim();
    if (piece) out.push(piece);
    start = end;
  }
  return out;
}

function nextSpace(text: string, from: number, to: number): number {
  const at = text.indexOf(' ', from);
  return at === -1 || at > to ? to : at;
}

// The longest run of whole characters from `start` that `fits`; at least one character, so the loop moves on.
function cutInsideWord(text: string, start: number, to: number, fits: (end: number) => boolean): number {
  let end = start;
  while (end < to) {
    const next = end + ((text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
    if (next > to || (!fits(next) && end > start)) break;
    end = next;
  }
  return end;
}

/**
 * An upper bound on the rendered length of paragraph[start, end): two code points a character (each may
 * be escaped), four for every spoiler it touches, one for a line-start escape. Constant time per call
 * (prefix counts and binary search), so cutting a huge paragraph stays linear-ish.
 */
function renderedBound(paragraph: string, spans: readonly SpoilerSpan[]): (start: number, end: number) => number {
  const prefix = new Int32Array(paragraph.length + 1);
  for (let i = 0; i < paragraph.length; i++) {
    const code = paragraph.charCodeAt(i);
    const lowAfterHigh = code >= 0xdc00 && code <= 0xdfff && i > 0 && paragraph.charCodeAt(i - 1) >= 0xd800 && paragraph.charCodeAt(i - 1) <= 0xdbff;
    prefix[i + 1] = prefix[i]! + (lowAfterHigh ? 0 : 1);
  }
  const starts = spans.map((span) => span.start);
  const ends = spans.map((span) => span.end);
  return (start, end) => {
    const touched = countBelow(starts, end) - countBelow(ends, start + 1);
    return 2 * (prefix[end]! - prefix[start]!) + 4 * touched + 1;
  };
}

/** How many of the ascending values are below `limit`. */
function countBelow(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! < limit) low = mid + 1;
    else high = mid;
  }
  return low;
}
