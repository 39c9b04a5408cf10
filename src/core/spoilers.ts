// Spoiler marks in article text: an author writes ||text|| to hide it, as Discord does. Summaries and
// one-line teasers must never show such text, and /news read must keep it hidden while escaping
// everything else. Marks pair up left to right within a paragraph; a mark left without a partner, or a
// pair with nothing between, is shown as typed (Discord does the same), but a sentence holding any
// mark is still kept out of summaries, because its author may have meant to hide something.
import { escapeInline, escapeLineStarts } from './markdown.js';
import { splitParagraphs, splitSentences } from './sentences.js';

const MARK = '||';

/** A spoiler, marks included: text[start, start + 2) and text[end - 2, end) are the bars. */
export interface SpoilerSpan {
  start: number;
  end: number;
}

export interface SentenceRange {
  text: string;
  start: number;
  end: number;
  /** Holds hidden text or a spoiler mark: never shown in a summary or teaser. */
  spoiler: boolean;
}

/** The spoilers of one paragraph, in order; unpaired and empty marks are not spoilers. */
export function spoilerSpans(paragraph: string): SpoilerSpan[] {
  const marks: number[] = [];
  for (let at = paragraph.indexOf(MARK); at !== -1; at = paragraph.indexOf(MARK, at + MARK.length)) marks.push(at);
  const spans: SpoilerSpan[] = [];
  for (let i = 0; i + 1 < marks.length; i += 2) {
    const start = marks[i]!;
    const end = marks[i + 1]! + MARK.length;
    if (end - start > 2 * MARK.length) spans.push({ start, end });
  }
  return spans;
}

/** The sentences of one paragraph (as the splitter finds them) with their place and whether they hide anything. */
export function sentenceRanges(paragraph: string, spans = spoilerSpans(paragraph)): SentenceRange[] {
  const out: SentenceRange[] = [];
  let cursor = 0;
  for (const text of splitSentences(paragraph)) {
    const found = paragraph.indexOf(text, cursor);
    const start = found === -1 ? cursor : found;
    const end = found === -1 ? paragraph.length : found + text.length;
    cursor = end;
    const spoiler = text.includes(MARK) || (spans[firstEndingAfter(spans, start)]?.start ?? end) < end;
    out.push({ text, start, end, spoiler });
  }
  return out;
}

/** Every sentence of the text that hides nothing, in order (for teasers and search snippets). */
export function sentencesWithoutSpoilers(text: string): string[] {
  return splitParagraphs(text).flatMap((paragraph) =>
    sentenceRanges(paragraph)
      .filter((sentence) => !sentence.spoiler)
      .map((sentence) => sentence.text),
  );
}

/**
 * Escapes paragraph[from, to) for Discord, keeping its spoilers working: plain and hidden text are both
 * escaped (nothing inside a spoiler can ping or break out), and each spoiler that the range touches is
 * opened and closed inside it, so any range renders balanced on its own.
 */
export function renderSpoilerRange(paragraph: string, spans: readonly SpoilerSpan[], from = 0, to = paragraph.length): string {
  let out = '';
  let at = from;
  for (let i = firstEndingAfter(spans, from); i < spans.length; i++) {
    const span = spans[i]!;
    if (span.start >= to) break;
    if (span.start > at) out += escapeInline(paragraph.slice(at, span.start), true);
    const inner = paragraph.slice(Math.max(from, span.start + MARK.length), Math.min(to, span.end - MARK.length));
    if (inner.length > 0) out += MARK + escapeInline(inner) + MARK;
    at = Math.min(to, span.end);
  }
  if (at < to) out += escapeInline(paragraph.slice(at, to));
  return escapeLineStarts(out);
}

// Spans are in order and do not overlap, so the first one that matters is found by halving.
function firstEndingAfter(spans: readonly SpoilerSpan[], position: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid]!.end <= position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Escapes a whole text, paragraph by paragraph, keeping spoilers (paragraphs joined by a blank line). */
export function renderWithSpoilers(text: string): string {
  return splitParagraphs(text)
    .map((paragraph) => renderSpoilerRange(paragraph, spoilerSpans(paragraph)))
    .join('\n\n');
}
