// The extractive news summarizer and the two baselines it is measured against (Lead-k, TextRank).
// News summaries come in two shapes that pull apart: some readers' references favour the most
// central, fullest sentences wherever they sit; others favour the lead and short sentences. So each
// article is scored both ways, a "story-wide" score (TextRank centrality, longer sentences, a weak
// lead prior) and a "lead" score (LexRank centrality, a strong lead prior, shorter sentences, no
// quotes), and the two are blended by a gate read off the article itself: how it is laid out (wire
// copy written a sentence to a paragraph is told by its lead; stories built of fuller paragraphs
// spread their points), its length, how tightly its sentences hang together and how central its lead
// is. A summary never opens with a sentence that points back ("It", "But") to one it leaves out. The
// weights were fitted on public news with reference summaries (scripts/eval-summaries.ts --fit,
// cross-validated). Pure and deterministic.
import { summaryFeatures, type SummaryFeatures } from './summary-features.js';
import { centrality, overlapGraph } from './sentence-graph.js';
import { prepareCandidates, type ArticleText, type Candidate } from './summary-candidates.js';

export { isBoilerplate } from './boilerplate.js';
export type { ArticleText } from './summary-candidates.js';
export type { SummaryFeatures } from './summary-features.js';
export { summaryFeatures } from './summary-features.js';

export const DEFAULT_SENTENCES = 3;
/**
 * Changes whenever `summarize` may choose differently for the same article (new weights, features or
 * cleaning). Stored summaries are kept per version, so an upgraded bot computes its own instead of
 * serving those of the release before it (see services/news.ts).
 */
export const SUMMARIZER_VERSION = 4;
export const MAX_SENTENCES = 10;

export interface SummaryWeights {
  /** Story-wide score: weight of log(words / 20) and of the lead prior exp(-position / 8). */
  wideLength: number;
  widePosition: number;
  /** Lead score: the same two, with a steeper lead prior exp(-position / 3), and a penalty for quotes. */
  leadLength: number;
  leadPosition: number;
  quotePenalty: number;
  /** Both scores: weight of the share of headline words the sentence repeats. */
  title: number;
  /** Gate towards the lead score: sigmoid(bias + a·log(n / 20) + b·log(cohesion / 0.025) + c·(lead LexRank − 0.75) + d·layout). */
  gateBias: number;
  gateLength: number;
  gateCohesion: number;
  gateLead: number;
  /** d: layout is log(sentences per paragraph / 2), or 0 when the text has too few paragraphs to say (see SummaryFeatures). */
  gateParagraphs: number;
  /** A sentence more similar than this (TF-IDF cosine) to one already chosen is only used as a last resort. */
  redundancy: number;
  /** Always open with the lead sentence. */
  keepLead: boolean;
}

// From `npm run eval:summaries -- --fit` on the two public development sets (see bench/summaries/README.md).
export const DEFAULT_WEIGHTS: Readonly<SummaryWeights> = Object.freeze({
  wideLength: 0.5,
  widePosition: 0.1,
  leadLength: -0.5,
  leadPosition: 1,
  quotePenalty: 1,
  title: 0,
  gateBias: -1,
  gateLength: -1,
  gateCohesion: -3,
  gateLead: 1.7,
  gateParagraphs: -5,
  redundancy: 0.5,
  keepLead: false,
});

/** Summary of `sentences` (1 to 10, default 3) sentences, in article order; [] when nothing is usable. */
export function summarize(article: ArticleText, sentences: number = DEFAULT_SENTENCES): string[] {
  return summarizeWithWeights(article, sentences, DEFAULT_WEIGHTS);
}

/** The summarizer with explicit weights, for tuning and evaluation. */
export function summarizeWithWeights(article: ArticleText, sentences: number, weights: Partial<SummaryWeights>): string[] {
  return chooseSentences(summaryFeatures(article), sentences, weights);
}

/** The weighing and the choice, on features computed once (evaluation tries many weights per article). */
export function chooseSentences(features: SummaryFeatures, sentences: number, weights: Partial<SummaryWeights>): string[] {
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  const count = clampCount(sentences);
  const { candidates, wordRank, lexRank, title } = features;
  if (candidates.length <= count) return candidates.map((c) => c.text);
  const gate = leadGate(features, w);
  const scores = candidates.map((c, i) => {
    const length = Math.log(c.words / 20);
    const wide = wordRank[i]! + w.wideLength * length + w.widePosition * Math.exp(-c.rank / 8);
    const lead = lexRank[i]! + w.leadLength * length + w.leadPosition * Math.exp(-c.rank / 3) - (c.quote ? w.quotePenalty : 0);
    return (1 - gate) * wide + gate * lead + w.title * title[i]!;
  });
  return pick(candidates, scores, count, { keepLead: w.keepLead, redundant: (a, b) => features.similarity(a, b) > w.redundancy, standAlone: true });
}

/** How far to lean on the lead (0..1): stories in one-sentence paragraphs, and loosely knit ones, are told by their lead. */
export function leadGate(features: SummaryFeatures, w: SummaryWeights = DEFAULT_WEIGHTS): number {
  const n = Math.max(1, features.candidates.length);
  const cohesion = Math.max(1e-4, features.cohesion);
  const layout = features.paragraphSentences > 0 ? Math.log(features.paragraphSentences / 2) : 0;
  const z =
    w.gateBias +
    w.gateLength * Math.log(n / 20) +
    w.gateCohesion * Math.log(cohesion / 0.025) +
    w.gateLead * ((features.lexRank[0] ?? 0) - 0.75) +
    w.gateParagraphs * layout;
  return 1 / (1 + Math.exp(-z));
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
  return pick(candidates, Array.from(centrality(graph, 0.85)), count, { keepLead: false, redundant: () => false, standAlone: false });
}

/** Sentence count clamped to 1..10; anything that is not a number gives the default. */
export function clampCount(sentences: number): number {
  if (typeof sentences !== 'number' || Number.isNaN(sentences)) return DEFAULT_SENTENCES;
  return Math.min(MAX_SENTENCES, Math.max(1, Math.floor(sentences)));
}

// Greedy choice by score (ties go to the earlier sentence), skipping near-duplicates of chosen
// sentences until nothing else is left; the result is returned in article order.
function pick(
  candidates: readonly Candidate[],
  scores: readonly number[],
  count: number,
  options: { keepLead: boolean; redundant: (a: number, b: number) => boolean; standAlone: boolean },
): string[] {
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const left = new Set<number>();
  for (;;) {
    const chosen = choose(order, count, options.keepLead, options.redundant, left);
    const first = chosen[0];
    // With `standAlone` the summary may not open with a sentence that points back ("It", "But") to
    // one left out: that opener is set aside and the choice made again, while enough sentences remain.
    const dangling = options.standAlone && first !== undefined && first > 0 && candidates[first]!.dependent;
    if (!dangling || candidates.length - left.size <= count) return chosen.map((i) => candidates[i]!.text);
    left.add(first);
  }
}

function choose(order: readonly number[], count: number, keepLead: boolean, redundant: (a: number, b: number) => boolean, left: ReadonlySet<number>): number[] {
  const chosen: number[] = keepLead ? [0] : [];
  const deferred: number[] = [];
  for (const i of order) {
    if (chosen.length >= count) break;
    if (chosen.includes(i) || left.has(i)) continue;
    if (chosen.some((j) => redundant(i, j))) deferred.push(i);
    else chosen.push(i);
  }
  for (const i of deferred) {
    if (chosen.length >= count) break;
    chosen.push(i);
  }
  return chosen.sort((a, b) => a - b);
}
