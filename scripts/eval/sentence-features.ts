// Per-sentence features for the learned-scorer experiment (`--learn`): where a sentence sits, how long
// it is, how central it is, how close to the lead, whether it is a quote or full of figures, and three
// facts about the whole article (length, cohesion, lead centrality). Two more can be switched on to
// measure what they do, and are off in the general set because on the development data they identify
// the set rather than describe the sentence: headline overlap (the CNN "headlines" are the lead's first
// eight words) and opening a paragraph (only the BBC articles have paragraphs of several sentences).
import { splitSentencesByParagraph } from '../../src/core/sentences.js';
import type { ArticleText, SummaryFeatures } from '../../src/core/summarizer.js';

export const GENERAL_FEATURES = [
  'lead', 'second', 'leadPrior', 'relativePosition', 'logPosition',
  'length', 'lengthSquared', 'wordRank', 'lexRank', 'wordRankOrder', 'lexRankOrder',
  'leadSimilarity', 'degree', 'quote', 'numbers',
  'articleLength', 'articleCohesion', 'leadCentrality',
] as const;

export const EXTRA_FEATURES = ['title', 'paragraphStart'] as const;

export type FeatureName = (typeof GENERAL_FEATURES)[number] | (typeof EXTRA_FEATURES)[number];

/** One row of `names.length` numbers per candidate sentence, row-major. */
export function sentenceFeatures(article: ArticleText, features: SummaryFeatures, names: readonly FeatureName[]): Float64Array {
  const { candidates, wordRank, lexRank, similarity } = features;
  const n = candidates.length;
  const rows = new Float64Array(n * names.length);
  if (n === 0) return rows;
  // Article context on a log scale centred on a typical story (20 sentences, mean cosine 0.025).
  const articleLength = Math.log(n / 20);
  const articleCohesion = Math.log(Math.max(1e-4, features.cohesion) / 0.025);
  const wordOrder = orderOf(wordRank);
  const lexOrder = orderOf(lexRank);
  const degrees = degreeOf(n, similarity);
  const openers = paragraphOpeners(article.body);
  candidates.forEach((c, i) => {
    const length = Math.log(c.words / 20);
    const value: Record<FeatureName, () => number> = {
      lead: () => (c.rank === 0 ? 1 : 0),
      second: () => (c.rank === 1 ? 1 : 0),
      leadPrior: () => Math.exp(-c.rank / 3),
      relativePosition: () => (n > 1 ? c.rank / (n - 1) : 0),
      logPosition: () => Math.log(1 + c.rank),
      length: () => length,
      lengthSquared: () => length * length,
      wordRank: () => wordRank[i]!,
      lexRank: () => lexRank[i]!,
      wordRankOrder: () => Math.log(1 + wordOrder[i]!),
      lexRankOrder: () => Math.log(1 + lexOrder[i]!),
      leadSimilarity: () => (i === 0 ? 1 : similarity(i, 0)),
      degree: () => degrees[i]!,
      quote: () => (c.quote ? 1 : 0),
      numbers: () => numberShare(c.text, c.words),
      articleLength: () => articleLength,
      articleCohesion: () => articleCohesion,
      leadCentrality: () => lexRank[0] ?? 0,
      title: () => features.title[i]!,
      paragraphStart: () => (c.rank === 0 || openers.has(c.text) ? 1 : 0),
    };
    names.forEach((name, f) => (rows[i * names.length + f] = value[name]()));
  });
  return rows;
}

/** Place of each value in descending order (0 = highest); ties keep article order. */
function orderOf(values: Float64Array): Uint32Array {
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]! || a - b);
  const out = new Uint32Array(values.length);
  order.forEach((index, place) => (out[index] = place));
  return out;
}

// Summed similarity to every other sentence, scaled so the best-connected sentence has 1: how much of
// the story a sentence touches, without PageRank's smoothing.
function degreeOf(n: number, similarity: (a: number, b: number) => number): Float64Array {
  const out = new Float64Array(n);
  let max = 0;
  for (let a = 0; a < n; a++) {
    let sum = 0;
    for (let b = 0; b < n; b++) if (b !== a) sum += similarity(a, b);
    out[a] = sum;
    if (sum > max) max = sum;
  }
  if (max > 0) for (let a = 0; a < n; a++) out[a] = out[a]! / max;
  return out;
}

// Share of space-separated words holding a digit: figures carry news ("rose 4%", "$2bn").
function numberShare(text: string, words: number): number {
  if (words === 0) return 0;
  let figures = 0;
  for (const word of text.split(/\s+/)) if (/\d/.test(word)) figures++;
  return Math.min(1, figures / words);
}

function paragraphOpeners(body: string): Set<string> {
  return new Set(splitSentencesByParagraph(body).map((sentences) => sentences[0] ?? ''));
}
