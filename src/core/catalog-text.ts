// Text handling for the database catalog: the one normalization it indexes (filterTokens, so exact
// filters and search see the same words), the words of a search query, which words of an article a
// search matched, and the one-typo test. Pure: the store turns these into its own query language.
import { filterTokens, stemTerm } from './filter.js';
import { foldTerm, isStopWord } from './terms.js';

const TOKEN = /[\p{L}\p{N}]+/gu;
/** Words are repeated across articles far more than they are new; a bounded memo saves most of the folding. */
const MEMO_LIMIT = 50_000;
const memo = new Map<string, string>();

/** The normalized form of one raw word, exactly as filterTokens gives it. */
export function normalizeWord(raw: string): string {
  let normalized = memo.get(raw);
  if (normalized === undefined) {
    normalized = stemTerm(foldTerm(raw));
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, normalized);
  }
  return normalized;
}

// By char code: 1 for ASCII letters and digits, 0 for the rest of ASCII.
const ASCII_WORD = new Uint8Array(128).map((_, code) => ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0));
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Code units of the letter or digit at `at` (2 for a surrogate pair), or 0 when there is none. */
function wordCharAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128) return ASCII_WORD[code]!;
  const width = code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
  return WORD_CHAR.test(text.slice(at, at + width)) ? width : 0;
}

/**
 * filterTokens(text), about a third faster: indexing every word of every article is most of an import.
 * Scans char codes instead of running the word pattern, and folds each distinct word once (memo).
 */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  const end = text.length;
  let at = 0;
  while (at < end) {
    let width = wordCharAt(text, at);
    if (width === 0) {
      at++;
      continue;
    }
    const start = at;
    while (width > 0) {
      at += width;
      width = at < end ? wordCharAt(text, at) : 0;
    }
    out.push(normalizeWord(text.slice(start, at)));
  }
  return out;
}

export { filterTokens };

export interface QueryWord {
  /** Lower-cased, accents stripped: what a prefix is matched with while the word is still being typed. */
  folded: string;
  /** The indexed form (filterTokens). */
  stem: string;
}

export const MAX_QUERY_WORDS = 12;

/** The searchable words of a query, stop words left out, at most MAX_QUERY_WORDS. */
export function queryWords(query: string): QueryWord[] {
  const out: QueryWord[] = [];
  for (const match of query.matchAll(TOKEN)) {
    const folded = foldTerm(match[0]);
    if (isStopWord(folded)) continue;
    out.push({ folded, stem: stemTerm(folded) });
    if (out.length === MAX_QUERY_WORDS) break;
  }
  return out;
}

/**
 * The words of a text (folded, as highlightTerms compares them) whose indexed form is one of `stems`,
 * each once, in the order they first appear. Reading stops once every stem has been seen: a long
 * article's other spellings of a word already found add nothing to its snippet.
 */
export function wordsMatching(text: string, stems: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const stem = normalizeWord(match[0]);
    if (!stems.has(stem)) continue;
    found.add(foldTerm(match[0]));
    seen.add(stem);
    if (seen.size === stems.size) break;
  }
  return [...found];
}

/** Every string made by deleting one character (code point) of `term`. */
export function oneDeletions(term: string): string[] {
  const chars = Array.from(term);
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) out.add(chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  return [...out];
}

/** True when `a` becomes `b` with at most one edit: insert, delete, replace, or swap two neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const restX = endX - start;
  const restY = endY - start;
  if (restX <= 1 && restY <= 1) return true;
  // Two neighbours swapped: "ab" against "ba".
  return restX === 2 && restY === 2 && x[start] === y[start + 1] && x[start + 1] === y[start];
}

/** The first string after every string that starts with `prefix` (for a range scan). */
export function prefixUpperBound(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop();
  if (last === undefined) return '\u{10FFFF}';
  let next = last.codePointAt(0)! + 1;
  if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
  return chars.join('') + String.fromCodePoint(Math.min(next, 0x10ffff));
}
