// The sentence similarity graph behind the summarizers and its centrality (PageRank with damping).
// Sparse where it matters: pair weights are accumulated through per-term posting lists, so cost
// follows the number of shared words rather than n² × vocabulary.

/** Symmetric n×n similarity matrix, row-major, zero diagonal. */
export interface SimilarityGraph {
  size: number;
  weights: Float64Array;
}

export function similarity(graph: SimilarityGraph, a: number, b: number): number {
  return graph.weights[a * graph.size + b] ?? 0;
}

interface Postings {
  /** Sentence indexes per term id. */
  sentences: number[][];
  /** Term frequency per sentence for the same entries. */
  counts: number[][];
}

function buildPostings(termLists: readonly (readonly string[])[]): Postings {
  const ids = new Map<string, number>();
  const sentences: number[][] = [];
  const counts: number[][] = [];
  termLists.forEach((terms, s) => {
    for (const term of terms) {
      let id = ids.get(term);
      if (id === undefined) {
        id = sentences.length;
        ids.set(term, id);
        sentences.push([]);
        counts.push([]);
      }
      const list = sentences[id]!;
      const tf = counts[id]!;
      if (list[list.length - 1] === s) tf[tf.length - 1]! += 1;
      else {
        list.push(s);
        tf.push(1);
      }
    }
  });
  return { sentences, counts };
}

/**
 * Cosine similarity of TF-IDF vectors (sublinear tf, IDF from the article's own sentences),
 * the LexRank edge weight. Terms in every sentence carry little weight; unique terms none.
 */
export function cosineGraph(termLists: readonly (readonly string[])[]): SimilarityGraph {
  const n = termLists.length;
  const weights = new Float64Array(n * n);
  const { sentences, counts } = buildPostings(termLists);
  const norms = new Float64Array(n);
  // Entry weights, flattened in posting order (term by term), so no array per term.
  let entries = 0;
  for (const list of sentences) entries += list.length;
  const entryWeights = new Float64Array(entries);
  let e = 0;
  for (let t = 0; t < sentences.length; t++) {
    const list = sentences[t]!;
    const tf = counts[t]!;
    const idf = Math.log(1 + n / list.length);
    for (let j = 0; j < list.length; j++, e++) {
      const w = (1 + Math.log(tf[j]!)) * idf;
      entryWeights[e] = w;
      norms[list[j]!]! += w * w;
    }
  }
  for (let s = 0; s < n; s++) norms[s] = Math.sqrt(norms[s]!) || 1;
  e = 0;
  for (const list of sentences) {
    const base = e;
    e += list.length;
    if (list.length < 2) continue;
    for (let a = 0; a < list.length; a++) {
      const sa = list[a]!;
      const wa = entryWeights[base + a]! / norms[sa]!;
      for (let b = a + 1; b < list.length; b++) {
        const sb = list[b]!;
        const v = wa * (entryWeights[base + b]! / norms[sb]!);
        weights[sa * n + sb]! += v;
        weights[sb * n + sa]! += v;
      }
    }
  }
  return { size: n, weights };
}

/** Mihalcea & Tarau's TextRank weight: shared words / (log |Si| + log |Sj|). */
export function overlapGraph(termLists: readonly (readonly string[])[], lengths: readonly number[]): SimilarityGraph {
  const n = termLists.length;
  const weights = new Float64Array(n * n);
  const { sentences } = buildPostings(termLists);
  for (const list of sentences) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        weights[list[a]! * n + list[b]!]! += 1;
        weights[list[b]! * n + list[a]!]! += 1;
      }
    }
  }
  const logs = lengths.map((length) => Math.log(Math.max(2, length)));
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const i = a * n + b;
      if (weights[i]! > 0) weights[i] = weights[i]! / (logs[a]! + logs[b]!);
    }
  }
  return { size: n, weights };
}

/**
 * Weighted PageRank over the graph: score(j) = (1 - d) / n + d × Σ_i score(i) × w(i, j) / Σ_k w(i, k).
 * Sentences with no edges spread their score evenly. Deterministic; stops when the change is tiny.
 */
export function centrality(graph: SimilarityGraph, damping = 0.85, maxIterations = 30): Float64Array {
  const n = graph.size;
  const scores = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  if (n < 2) return scores;
  const { weights } = graph;
  const rowSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += weights[i * n + j]!;
    rowSums[i] = sum;
  }
  const next = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let dangling = 0;
    for (let i = 0; i < n; i++) if (rowSums[i] === 0) dangling += scores[i]!;
    next.fill((1 - damping) / n + (damping * dangling) / n);
    for (let i = 0; i < n; i++) {
      const rowSum = rowSums[i]!;
      if (rowSum === 0) continue;
      const share = (damping * scores[i]!) / rowSum;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const w = weights[row + j]!;
        if (w !== 0) next[j]! += share * w;
      }
    }
    let change = 0;
    for (let i = 0; i < n; i++) {
      change += Math.abs(next[i]! - scores[i]!);
      scores[i] = next[i]!;
    }
    if (change < 1e-5) break; // rankings settle after ~10 iterations on news articles
  }
  return scores;
}
