// Turns an article into the sentences a summary may use: split, stripped of the dateline, with
// publisher boilerplate, the broken tail, questions, headings and fragments removed. Every
// summarizer (ours, Lead-k, TextRank) starts from this list so comparisons are fair.
import { hasClosingPunctuation, hasVerbLikeWord, isBoilerplate } from './boilerplate.js';
import { splitParagraphs } from './sentences.js';
import { sentenceRanges } from './spoilers.js';
import { contentTerms, countWords } from './text.js';

/** Bodies longer than this are cut: summaries come from the top of a story, and time stays bounded. */
export const MAX_BODY_CHARS = 200_000;
/** Only the first usable sentences enter the graph (keeps long articles at a few milliseconds). */
export const MAX_CANDIDATES = 150;
export const MAX_TITLE_CHARS = 1_000;
const MAX_SENTENCE_CHARS = 1_500;
const MIN_WORDS = 4;
// A last sentence shorter than this and without a verb is a cut-off fragment ("Hours before, in a letter to Biden.").
const TAIL_FRAGMENT_WORDS = 12;

export interface Candidate {
  /** The sentence as it will be shown. */
  text: string;
  /** Position among the usable sentences, 0 = the lead. */
  rank: number;
  /** Stemmed content words, in order. */
  terms: string[];
  words: number;
  /** Opens with a quotation mark: a direct quote rather than reported fact. */
  quote: boolean;
  /** Index of the body paragraph the sentence comes from. */
  paragraph: number;
  /** Opens with a word that points back ("It", "They", "But", "However"): it reads wrong without the sentence before. */
  dependent: boolean;
}

export interface ArticleText {
  title: string;
  body: string;
}

interface RawSentence {
  text: string;
  /** Holds text the author hid as a spoiler (or a spoiler mark): never shown in a summary. */
  spoiler: boolean;
  /** Starts with a quotation mark or inside a quotation opened by an earlier sentence of the paragraph. */
  quote: boolean;
  paragraph: number;
}

export function prepareCandidates(article: ArticleText): Candidate[] {
  const body = typeof article?.body === 'string' ? article.body.slice(0, MAX_BODY_CHARS) : '';
  const title = typeof article?.title === 'string' ? normalizeForCompare(article.title.slice(0, MAX_TITLE_CHARS)) : '';
  const sentences = withoutTail(flatten(body));
  const first = sentences[0];
  if (first) first.text = stripDateline(first.text);

  const out: Candidate[] = [];
  const seen = new Set<string>(title ? [title] : []);
  for (const sentence of sentences) {
    if (out.length >= MAX_CANDIDATES) break;
    if (sentence.spoiler) continue;
    const words = countWords(sentence.text);
    if (!isUsable(sentence.text, words)) continue;
    const key = normalizeForCompare(sentence.text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      text: sentence.text,
      rank: out.length,
      terms: contentTerms(sentence.text),
      words,
      quote: sentence.quote,
      paragraph: sentence.paragraph,
      dependent: DEPENDENT_OPENING.test(sentence.text),
    });
  }
  return out;
}

function flatten(body: string): RawSentence[] {
  const out: RawSentence[] = [];
  splitParagraphs(body).forEach((paragraph, index) => {
    let open = false;
    for (const { text, spoiler } of sentenceRanges(paragraph)) {
      out.push({ text, spoiler, quote: open || /^["“‘'«„]/.test(text), paragraph: index });
      open = quoteOpenAfter(text, open);
    }
  });
  return out;
}

// Whether a quotation is still open after the sentence: “ opens, ” closes, a straight " toggles.
function quoteOpenAfter(text: string, open: boolean): boolean {
  let state = open;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x201c || code === 0xab || code === 0x201e) state = true;
    else if (code === 0x201d || code === 0xbb) state = false;
    else if (code === 0x22) state = !state;
  }
  return state;
}

// Footers sit at the end, and the sentence before them is often cut mid-way by the scraper.
// A one-sentence story keeps its sentence: the verb test is a heuristic, not worth an empty summary.
function withoutTail(sentences: RawSentence[]): RawSentence[] {
  let end = sentences.length;
  while (end > 0 && isBoilerplate(sentences[end - 1]!.text)) end--;
  const last = sentences[end - 1];
  if (last && (end > 1 || !hasClosingPunctuation(last.text)) && isBrokenTail(last.text)) end--;
  return sentences.slice(0, end);
}

/** A last sentence with no closing punctuation, or a short one with nothing verb-like in it. */
export function isBrokenTail(sentence: string): boolean {
  if (!hasClosingPunctuation(sentence)) return true;
  return countWords(sentence) < TAIL_FRAGMENT_WORDS && !hasVerbLikeWord(sentence);
}

/** Whether a sentence may appear in a summary at all. */
export function isUsable(sentence: string, words = countWords(sentence)): boolean {
  if (sentence.length > MAX_SENTENCE_CHARS) return false;
  if (!hasClosingPunctuation(sentence)) return false; // headings, captions, cut-off lines
  const end = trimEndChars(sentence, CLOSERS);
  if (end.endsWith('?') || end.endsWith('…') || end.endsWith('..')) return false; // questions, teasers
  if (words < MIN_WORDS) return false;
  return !isBoilerplate(sentence);
}

const DEPENDENT_OPENING =
  /^["“‘'«„(]*(?:It|Its|He|His|Him|She|Her|They|Their|Them|This|These|That|Those|Such|But|However|Also|And|Yet|Still|Meanwhile|Moreover|Furthermore|Instead|Otherwise|Nevertheless|Thus|So)\b(?!-)/u;

// "WASHINGTON (AP) — ", "CEDAR HOLLOW, Calif. — ", "LONDON - ": the place is all capitals.
const DATELINE = /^([^—–]{2,60}?) (?:—|–|--?) (?=\S)/u;

export function stripDateline(sentence: string): string {
  const match = DATELINE.exec(sentence);
  if (!match) return sentence;
  const place = (match[1] ?? '').split(/[,(]/)[0]!.trim();
  if (!/^[\p{Lu}\p{M}.'’ -]+$/u.test(place) || !/\p{Lu}{2}/u.test(place)) return sentence;
  const rest = sentence.slice(match[0].length);
  return countWords(rest) >= MIN_WORDS ? rest : sentence;
}

const CLOSERS = '"\'”’)]»';

// Catches a headline repeated as the first line and copy-pasted paragraphs; exact up to case and end punctuation.
function normalizeForCompare(text: string): string {
  return trimEndChars(text.trim().toLowerCase(), `${CLOSERS}.!?… `);
}

// A loop rather than /[...]+$/, which backtracks quadratically on long runs of those characters.
function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}
