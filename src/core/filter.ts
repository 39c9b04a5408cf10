// Exact filters for scheduled posts. Unlike search (ranked, prefix and typo tolerant), a filter either
// matches an article or not: every word must appear as a whole word in the title or body, "quoted
// phrases" must appear as phrases, and -word or -"phrase" excludes. Case and accents are folded and
// simple plural forms meet their singular ("strike" matches "strikes", never "striker" or "war" → "warning").
//
// filterTokens() is the one normalization: stores index text with it, so a database query on those
// tokens selects exactly what matchesFilter() accepts.
import { foldTerm } from './terms.js';

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Words ending in s that are not plurals, so "news" never meets "new". */
const NOT_PLURAL = new Set(['news', 'series', 'species', 'always', 'perhaps', 'whereas', 'thus', 'plus', 'unless', 'politics', 'economics', 'physics', 'athletics', 'mathematics', 'lens', 'gas']);

/**
 * Reduces a folded word to a form its simple plural shares: "strikes" and "strike", "cities" and
 * "city", "boxes" and "box" meet; "war" and "warning" do not. Deliberately light: no suffix other than
 * the plural is removed, so a filter word never matches a different word.
 */
export function stemTerm(folded: string): string {
  const word = folded;
  if (word.length <= 3 || NOT_PLURAL.has(word) || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}i`;
  if (word.endsWith('ie')) return word.slice(0, -1);
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}i`;
  if (/(?:ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return stemTerm(word.slice(0, -1));
  return word;
}

/** The normalized words of a text, in order: folded, stemmed. */
export function filterTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) out.push(stemTerm(foldTerm(match[0])));
  return out;
}

/** One required or excluded item: a single word, or a phrase of several in a row. */
export interface FilterItem {
  /** As the admin typed it, for explanations. */
  text: string;
  tokens: string[];
}

export interface Filter {
  required: FilterItem[];
  excluded: FilterItem[];
}

export type FilterParse = { ok: true; filter: Filter } | { ok: false; error: string };

export const FILTER_SYNTAX =
  'Every word must appear (whole words; plurals count), "quoted phrase" as written, -word to exclude.';

/**
 * Reads a filter. Words are separated by spaces; a word that holds punctuation ("covid-19") is a phrase
 * of its parts. A filter that only excludes is allowed; one with nothing left in it is an error.
 */
export function parseFilter(input: string): FilterParse {
  const required: FilterItem[] = [];
  const excluded: FilterItem[] = [];
  const pattern = /(-?)(?:"([^"]*)"?|(\S+))/g;
  for (const match of input.matchAll(pattern)) {
    const [, minus, quoted, bare] = match;
    const text = (quoted ?? bare ?? '').trim();
    const tokens = filterTokens(text);
    if (tokens.length === 0) continue;
    (minus ? excluded : required).push({ text, tokens });
  }
  if (required.length === 0 && excluded.length === 0) {
    return { ok: false, error: 'The query has no words in it. ' + FILTER_SYNTAX };
  }
  return { ok: true, filter: { required, excluded } };
}

/** Both fields of an article, normalized once, for checking several filters. */
export interface FilterText {
  fields: string[][];
}

export function filterText(article: { title: string; body: string }): FilterText {
  return { fields: [filterTokens(article.title), filterTokens(article.body)] };
}

function containsSequence(tokens: string[], sequence: string[]): boolean {
  const first = sequence[0]!;
  for (let at = tokens.indexOf(first); at !== -1 && at + sequence.length <= tokens.length; at = tokens.indexOf(first, at + 1)) {
    let all = true;
    for (let k = 1; k < sequence.length && all; k++) all = tokens[at + k] === sequence[k];
    if (all) return true;
  }
  return false;
}

function present(text: FilterText, item: FilterItem): boolean {
  return text.fields.some((tokens) => containsSequence(tokens, item.tokens));
}

/**
 * Why the article does not pass the filter ("missing the word “x”", "has the excluded word “y”"),
 * or undefined when it passes.
 */
export function filterMismatch(filter: Filter, text: FilterText): string | undefined {
  for (const item of filter.required) {
    if (!present(text, item)) return `does not contain ${item.tokens.length > 1 ? 'the phrase' : 'the word'} “${item.text}”`;
  }
  for (const item of filter.excluded) {
    if (present(text, item)) return `contains the excluded ${item.tokens.length > 1 ? 'phrase' : 'word'} “${item.text}”`;
  }
  return undefined;
}

export function matchesFilter(filter: Filter, text: FilterText): boolean {
  return filterMismatch(filter, text) === undefined;
}
