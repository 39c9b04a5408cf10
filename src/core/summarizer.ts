// The extractive news summarizer and the two baselines it is measured against (Lead-k, TextRank).
// Our score mixes graph centrality (LexRank: TF-IDF cosine graph + damped PageRank) with a lead-position
// prior and overlap with the headline, because news puts the story first; the weights were tuned on
// bench/summaries (see scripts/eval-summaries.ts). Pure, deterministic, no I/O.
import { MAX_TITLE_CHARS, prepareCandidates, type ArticleText, type Candidate } from './summary-candidates.js';
import { centrality, cosineGraph, overlapGraph } from './sentence-graph.js';
import { contentTerms } from './text.js';

export { isBoilerplate } from './boilerplate.js';
export type { ArticleText } from './summary-candidates.js';

export const DEFAULT_SENTENCES = 3;
export const MAX_SENTENCES = 10;

export interface SummaryWeights {
  /** Weight of the sentence's centrality, scaled so the most central sentence has 1. */
  centrality: number;
  /** Weight of the lead prior exp(-position / positionDecay); position 0 is the first usable sentence. */
  position: number;
  positionDecay: number;
  /** Weight of the share of headline words the sentence repeats. */
  title: number;
  /** Subtracted for direct quotes (opening or continuing a quotation): quotes rarely summarise a story. */
  quotePenalty: number;
  /** A sentence more similar than this (cosine) to one already chosen is only used as a last resort. */
  redundancy: number;
  /** Always open with the lead sentence, as a news editor would. */
  keepLead: boolean;
  /** PageRank damping factor. */
  damping: number;
  /** Edge weight: TF-IDF cosine (LexRank) or shared words over log lengths (TextRank). */
  graph: 'cosine' | 'overlap';
  /** Weight of min(1, words / 20): longer sentences carry more of the story. */
  length: number;
}

// From `npx tsx scripts/eval-summaries.ts --tune`. Scores are flat around these values; the clearest
// gains came from the quote penalty, the length prior and headline overlap. Keeping the lead is a
// product choice (the lead is where news puts the story) that cost nothing measurable.
export const DEFAULT_WEIGHTS: Readonly<SummaryWeights> = Object.freeze({
  graph: 'cosine',
  centrality: 1,
  position: 0.25,
  positionDecay: 16,
  title: 1,
  quotePenalty: 0.6,
  length: 0.5,
  redundancy: 0.5,
  keepLead: true,
  damping: 0.85,
});

/** Summary of `sentences` (1 to 10, default 3) sentences, in article order; [] when nothing is usable. */
export function summarize(article: ArticleText, sentences: number = DEFAULT_SENTENCES): string[] {
  return summarizeWithWeights(article, sentences, DEFAULT_WEIGHTS);
}

/** The summarizer with explicit weights, for tuning and evaluation. */
export function summarizeWithWeights(article: ArticleText, sentences: number, weights: Partial<SummaryWeights>): string[] {
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  const count = clampCount(sentences);
  const candidates = prepareCandidates(article);
  if (candidates.length <= count) return candidates.map((c) => c.text);
  const terms = candidates.map((c) => c.terms);
  const lengths = candidates.map((c) => c.words);
  const graph = w.graph === 'cosine' ? cosineGraph(terms) : overlapGraph(terms, lengths);
  const central = normalizeMax(centrality(graph, w.damping));
  const titleTerms = [...new Set(contentTerms(typeof article?.title === 'string' ? article.title.slice(0, MAX_TITLE_CHARS) : ''))];
  const scores = candidates.map(
    (c, i) =>
      w.centrality * central[i]! +
      w.position * Math.exp(-c.rank / w.positionDecay) +
      w.title * titleOverlap(c, titleTerms) +
      w.length * Math.min(1, c.words / 20) -
      (c.quote ? w.quotePenalty : 0),
  );
  return pick(candidates, scores, count, w.redundancy, w.keepLead);
}

/** Lead-k baseline: the first k usable sentences (same cleaning as `summarize`). */
export function lead(article: ArticleText, sentences: number = DEFAULT_SENTENCES): string[] {
  return prepareCandidates(article)
    .slice(0, clampCount(sentences))
    .map((c) => c.text);
}

/** Plain TextRank baseline (word-overlap graph, PageRank, top k in article order), same cleaning. */
export function textRank(article: ArticleText, sentences: number = DEFAULT_SENTENCES): string[] {
  const count = clampCount(sentences);
  const candidates = prepareCandidates(article);
  if (candidates.length <= count) return candidates.map((c) => c.text);
  const graph = overlapGraph(
    candidates.map((c) => c.terms),
    candidates.map((c) => c.words),
  );
  const scores = Array.from(centrality(graph, 0.85));
  return pick(candidates, scores, count, Number.POSITIVE_INFINITY, false);
}

/** Sentence count clamped to 1..10; anything that is not a number gives the default. */
export function clampCount(sentences: number): number {
  if (typeof sentences !== 'number' || Number.isNaN(sentences)) return DEFAULT_SENTENCES;
  return Math.min(MAX_SENTENCES, Math.max(1, Math.floor(sentences)));
}

function normalizeMax(values: Float64Array): Float64Array {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] = values[i]! / max;
  return values;
}

// Headline words are few, so a scan beats building a set per sentence.
function titleOverlap(candidate: Candidate, titleTerms: readonly string[]): number {
  if (titleTerms.length === 0) return 0;
  let shared = 0;
  for (const term of titleTerms) if (candidate.terms.includes(term)) shared++;
  return shared / titleTerms.length;
}

// Greedy choice by score (ties go to the earlier sentence), skipping near-duplicates of chosen
// sentences until nothing else is left; the result is returned in article order.
function pick(
  candidates: readonly Candidate[],
  scores: readonly number[],
  count: number,
  redundancy: number,
  keepLead: boolean,
): string[] {
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const chosen: number[] = keepLead ? [0] : [];
  const deferred: number[] = [];
  for (const i of order) {
    if (chosen.length >= count) break;
    if (chosen.includes(i)) continue;
    if (redundancy < 1 && chosen.some((j) => setCosine(candidates[i]!.terms, candidates[j]!.terms) > redundancy)) deferred.push(i);
    else chosen.push(i);
  }
  for (const i of deferred) {
    if (chosen.length >= count) break;
    chosen.push(i);
  }
  return chosen.sort((a, b) => a - b).map((i) => candidates[i]!.text);
}

/** Cosine of the two sentences' word sets: shared / sqrt(|A| × |B|). */
function setCosine(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size === 0 || setB.size === 0) return 0;
  let shared = 0;
  for (const term of setA) if (setB.has(term)) shared++;
  return shared / Math.sqrt(setA.size * setB.size);
}
