// Splits article text into paragraphs and sentences, tuned for English news copy.
// A hand-written pass with bounded look-around (linear time; no regex here can backtrack badly on
// untrusted input) because generic segmenters, Intl.Segmenter included, break "Mr. Smith",
// "the U.S. Senate" and "5 p.m. Monday".
import {
  ABBREVIATIONS_BEFORE_NUMBERS,
  ABBREVIATIONS_CASED,
  ABBREVIATIONS_LOWER,
  AFTER_TIME_CONTINUATIONS,
  ALWAYS_CONTINUES,
  SENTENCE_STARTERS,
  SPEECH_VERBS,
} from './abbreviations.js';

const TERMINATORS = '.!?…‼⁇⁈⁉';
const WIDE_TERMINATORS = '。！？'; // CJK full stops end a sentence without a following space
const CLOSERS = '"\'”’)]}»›」』|'; // | closes a spoiler: "It ended.|| Next" splits after the bars
const OPENERS = '"\'“‘([{«‹¿¡„‚「『';
// Punctuation that, right after a full stop, shows the text goes on (", and", "—", "; ").
const CONTINUERS = ',;:—–-&/%)]}';
const LOOKAROUND_LIMIT = 40; // abbreviations and next words are short; bounded scans keep the pass linear

/** Paragraphs separated by blank lines; internal whitespace (single line breaks too) becomes one space. */
export function splitParagraphs(text: string): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const out: string[] = [];
  const normalized = text.replace(/\r\n?/g, '\n');
  for (const block of normalized.split(/\n[^\S\n]*\n/)) {
    const paragraph = cleanWhitespace(block);
    if (paragraph.length > 0) out.push(paragraph);
  }
  return out;
}

/** All sentences of the text, in order; a sentence never spans paragraphs. */
export function splitSentences(text: string): string[] {
  return splitSentencesByParagraph(text).flat();
}

/** Sentences grouped by paragraph (paragraphs with no sentence are left out). */
export function splitSentencesByParagraph(text: string): string[][] {
  const out: string[][] = [];
  for (const paragraph of splitParagraphs(text)) {
    const sentences = splitParagraph(paragraph);
    if (sentences.length > 0) out.push(sentences);
  }
  return out;
}

// Most paragraphs need no cleaning; testing first avoids rewriting every single space.
const NEEDS_CLEANING = /[^\S ]| {2}|[\u0000-\u001F\u007F\u00AD\u200B-\u200D\u2060\uFEFF]/;

function cleanWhitespace(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text.trim();
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\s\u0000-\u001F\u007F]+/g, ' ')
    .trim();
}

// Jumps straight to the next possible sentence end; the regex engine scans far faster than a JS loop.
const CANDIDATE = /[.!?…‼⁇⁈⁉。！？]/g;

function splitParagraph(p: string): string[] {
  const out: string[] = [];
  const n = p.length;
  let start = 0;
  const push = (end: number): void => {
    const sentence = p.slice(start, end).trim();
    if (/[\p{L}\p{N}]/u.test(sentence)) out.push(sentence);
    start = end;
  };
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(p); match !== null; match = CANDIDATE.exec(p)) {
    const i = match.index;
    let k: number;
    if (WIDE_TERMINATORS.includes(p[i]!)) {
      k = i + 1;
      while (k < n && (WIDE_TERMINATORS.includes(p[k]!) || CLOSERS.includes(p[k]!))) k++;
      push(k);
    } else {
      const runEnd = terminatorRunEnd(p, i);
      k = runEnd;
      while (k < n && CLOSERS.includes(p[k]!)) k++;
      // "example.com", "1.5", "U.S.-led": a boundary needs a space (or the paragraph end) after it.
      if (k >= n || (p[k] === ' ' && isBoundary(p, start, i, runEnd, k))) push(k);
    }
    if (k >= n) break;
    CANDIDATE.lastIndex = k;
  }
  if (start < n) push(n);
  return out;
}

// End of a run like "?!", "..." or the spaced ". . .".
function terminatorRunEnd(p: string, i: number): number {
  let j = i + 1;
  while (j < p.length) {
    if (TERMINATORS.includes(p[j]!)) j++;
    else if (p[j] === ' ' && p[j - 1] === '.' && p[j + 1] === '.' && ' .'.includes(p[j + 2] ?? ' ')) j += 2;
    else break;
  }
  return j;
}

interface NextWord {
  /** The word after the boundary candidate, without opening quotes; may be empty. */
  word: string;
  /** 'start': a capital, a letter of a caseless script or a symbol; 'continues': ",", "—" and the like. */
  kind: 'start' | 'lower' | 'digit' | 'continues';
  /** Index just after the word. */
  end: number;
  /** The word was followed by a full stop ("R." in "J. R. R. Tolkien"). */
  dotted: boolean;
}

function isBoundary(p: string, start: number, i: number, runEnd: number, spaceAt: number): boolean {
  const next = readNextWord(p, spaceAt + 1);
  if (next.kind === 'continues') return false;
  if (next.kind === 'lower') return hasInnerCapital(next.word); // "iPhone", "eBay" start sentences
  const run = p.slice(i, runEnd);
  if (/[?!‼⁇⁈⁉]/.test(run)) {
    // '"Why now?" Smith asked.' keeps the attribution with its quote.
    const quoted = spaceAt > runEnd && /["”’']/.test(p.slice(runEnd, spaceAt));
    return !(quoted && isAttribution(p, spaceAt + 1));
  }
  if (run !== '.') return true; // an ellipsis followed by a capital ends the sentence
  const prev = previousToken(p, start, i);
  return abbreviationAllowsBoundary(prev, next);
}

/** Decides a single "." after `prev` when the next word is capitalized, a digit or another script. */
function abbreviationAllowsBoundary(prev: string, next: NextWord): boolean {
  if (prev.length === 0) return true;
  const lower = prev.toLowerCase();
  if (ALWAYS_CONTINUES.has(lower)) return false; // e.g. i.e. vs. cf.
  if (next.kind === 'digit' && (ABBREVIATIONS_BEFORE_NUMBERS.has(prev) || ABBREVIATIONS_BEFORE_NUMBERS.has(lower))) {
    return false; // No. 5, Fig. 3, pp. 12
  }
  const nextLower = next.word.toLowerCase();
  if (lower === 'a.m' || lower === 'p.m' || lower === 'etc') {
    // Times and "etc." end sentences often; "5 p.m. Monday" and "p.m. EST" continue.
    return next.kind === 'start' && !AFTER_TIME_CONTINUATIONS.has(nextLower);
  }
  const soft =
    ABBREVIATIONS_CASED.has(prev) ||
    ABBREVIATIONS_LOWER.has(lower) ||
    isInitial(prev) ||
    isDottedAcronym(prev) ||
    ABBREVIATIONS_BEFORE_NUMBERS.has(prev);
  // After "Dr.", "U.S.", "Inc." or an initial, only a word that nearly always opens a sentence splits;
  // "J. A. Smith" is a run of initials even though "A" could open a sentence.
  if (soft) return SENTENCE_STARTERS.has(nextLower) && !(next.dotted && next.word.length === 1);
  return true;
}

function readNextWord(p: string, from: number): NextWord {
  let q = from;
  const limit = Math.min(p.length, from + LOOKAROUND_LIMIT);
  while (q < limit && OPENERS.includes(p[q]!)) q++;
  const first = p.codePointAt(q);
  if (first === undefined) return { word: '', kind: 'start', end: q, dotted: false };
  const c = String.fromCodePoint(first);
  let end = q;
  while (end < limit && isNextWordChar(p, end)) end++;
  const raw = p.slice(q, end);
  const word = raw.replace(/[.'’-]+$/, '');
  const dotted = raw.endsWith('.');
  if (/\p{N}/u.test(c)) return { word, kind: 'digit', end, dotted };
  if (c !== c.toUpperCase()) return { word, kind: 'lower', end, dotted };
  if (CONTINUERS.includes(c)) return { word, kind: 'continues', end, dotted };
  return { word, kind: 'start', end, dotted };
}

function isNextWordChar(p: string, i: number): boolean {
  const code = p.charCodeAt(i);
  if (code < 128) {
    const lower = code | 32;
    return (lower >= 97 && lower <= 122) || (code >= 48 && code <= 57) || code === 46 || code === 39 || code === 45;
  }
  return /[\p{L}\p{N}\p{M}’]/u.test(p[i]!);
}

// The token before a full stop, e.g. "Mr", "U.S", "p.m", "J"; empty when too long to be an abbreviation.
function previousToken(p: string, start: number, dot: number): string {
  let m = dot;
  const floor = Math.max(start, dot - LOOKAROUND_LIMIT);
  while (m > floor && p[m - 1] !== ' ') m--;
  if (m === floor && m > start && p[m - 1] !== ' ') return '';
  let token = p.slice(m, dot);
  while (token.length > 0 && OPENERS.includes(token[0]!)) token = token.slice(1);
  return token;
}

function isInitial(token: string): boolean {
  return token.length > 0 && token.length <= 2 && /^\p{Lu}$/u.test(token);
}

function isDottedAcronym(token: string): boolean {
  return token.length <= 12 && /^(?:\p{L}\.){1,5}\p{L}$/u.test(token);
}

function hasInnerCapital(word: string): boolean {
  return /^\p{Ll}+\p{Lu}/u.test(word);
}

// Up to three capitalized names ("Smith", "Mr. Smith", "Gen. Ana Ruiz") then a speech verb.
function isAttribution(p: string, from: number): boolean {
  let q = from;
  for (let names = 0; names <= 3; names++) {
    const next = readNextWord(p, q);
    if (next.word.length === 0) return false;
    if (SPEECH_VERBS.has(next.word.toLowerCase())) return names > 0;
    if (next.kind !== 'start') return false;
    q = next.end;
    if (p[q] !== ' ') return false;
    q++;
  }
  return false;
}
