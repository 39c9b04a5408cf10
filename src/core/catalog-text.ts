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

/** filterTokens(text), faster on repeated words. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) out.push(normalizeWord(match[0]));
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
 * each once, in the order they first appear.
 */
export function wordsMatching(text: string, stems: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    if (stems.has(normalizeWord(match[0]))) found.add(foldTerm(match[0]));
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
