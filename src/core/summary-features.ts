// What the summarizer knows about an article before it weighs anything: the usable sentences, two
// centralities and how tightly the story holds together. Kept apart from the weighing so evaluation
// can compute it once per article and try many weights against it.
import { centrality, cosineGraph, overlapGraph, similarity } from './sentence-graph.js';
import { MAX_TITLE_CHARS, prepareCandidates, type ArticleText, type Candidate } from './summary-candidates.js';
import { contentTerms } from './text.js';

export interface SummaryFeatures {
  candidates: Candidate[];
  /** TextRank centrality (shared words over log lengths), scaled so the top sentence has 1; favours full sentences. */
  wordRank: Float64Array;
  /** LexRank centrality (TF-IDF cosine), scaled the same way; close to length-neutral. */
  lexRank: Float64Array;
  /** Share of headline words each sentence repeats. */
  title: Float64Array;
  /** Mean cosine similarity between two sentences of the article: high when every sentence is on one topic. */
  cohesion: number;
  /**
   * Usable sentences per paragraph holding one: about 1 in wire copy written a sentence to a paragraph,
   * 3 to 5 in stories built of fuller paragraphs. 0 when the text has under three such paragraphs, where
   * its layout says nothing.
   */
  paragraphSentences: number;
  /** Cosine similarities, for the redundancy check. */
  similarity: (a: number, b: number) => number;
}

export function summaryFeatures(article: ArticleText, damping = 0.85): SummaryFeatures {
  const candidates = prepareCandidates(article);
  const terms = candidates.map((c) => c.terms);
  const cosine = cosineGraph(terms);
  const n = candidates.length;
  let total = 0;
  for (const weight of cosine.weights) total += weight;
  const titleTerms = [...new Set(contentTerms(typeof article?.title === 'string' ? article.title.slice(0, MAX_TITLE_CHARS) : ''))];
  return {
    candidates,
    wordRank: scaleToMax(centrality(overlapGraph(terms, candidates.map((c) => c.words)), damping)),
    lexRank: scaleToMax(centrality(cosine, damping)),
    title: Float64Array.from(candidates, (c) => titleOverlap(c, titleTerms)),
    cohesion: n > 1 ? total / (n * (n - 1)) : 0,
    paragraphSentences: paragraphSentences(candidates),
    similarity: (a, b) => similarity(cosine, a, b),
  };
}

const MIN_PARAGRAPHS = 3;

function paragraphSentences(candidates: readonly Candidate[]): number {
  let paragraphs = 0;
  let last = -1;
  for (const c of candidates) {
    if (c.paragraph !== last) paragraphs++;
    last = c.paragraph;
  }
  return paragraphs < MIN_PARAGRAPHS ? 0 : candidates.length / paragraphs;
}

function scaleToMax(values: Float64Array): Float64Array {
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
