// The learned-scorer experiment's model: small regression trees fitted by gradient boosting on a
// listwise loss. Within each article, a softmax over its sentences' scores is pulled towards the
// sentences the reference rewards. Only the order of sentences inside one article matters to a
// summarizer, so sentences are compared with their own article's and never across articles. Each round
// fits one tree to the loss's gradient (Newton leaf values, as in XGBoost) with splits chosen among
// fixed quantile thresholds. Deterministic: no sampling, ties broken by feature and threshold order.

/**
 * One tree as a flat list of nodes, four numbers each: [feature, threshold, left, right] for a
 * question (go to node `left` when row[feature] <= threshold, else `right`), [-1, value, 0, 0] for a
 * leaf. Node 0 is the root; children always come after their parent.
 */
export type Tree = readonly number[];

export interface TrainingArticle {
  /** n × width feature rows (sentenceFeatures). */
  rows: Float64Array;
  /** Target share per sentence (sums to 1): what the reference rewards. */
  target: Float64Array;
  /** How much this article counts. */
  weight: number;
}

export interface BoostOptions {
  rounds: number;
  depth: number;
  learningRate: number;
  /** Fewest sentences a leaf may hold: large, so a leaf is a pattern and not a handful of articles. */
  minLeaf: number;
  /** L2 on leaf values. */
  lambda: number;
  /** Candidate thresholds per feature (quantiles of the training rows). */
  bins: number;
}

export const BOOST_OPTIONS: Readonly<BoostOptions> = Object.freeze({ rounds: 50, depth: 3, learningRate: 0.1, minLeaf: 400, lambda: 1, bins: 32 });

export function fitTrees(articles: readonly TrainingArticle[], width: number, options: BoostOptions = BOOST_OPTIONS): Tree[] {
  const groups = articles.filter((a) => a.target.length > 1);
  const starts: number[] = [];
  let total = 0;
  for (const g of groups) {
    starts.push(total);
    total += g.target.length;
  }
  const x = new Float64Array(total * width);
  groups.forEach((g, k) => x.set(g.rows.subarray(0, g.target.length * width), starts[k]! * width));
  const cuts = Array.from({ length: width }, (_, f) => quantiles(x, width, f, options.bins));
  const score = new Float64Array(total);
  const grad = new Float64Array(total);
  const hess = new Float64Array(total);
  const trees: number[][] = [];
  for (let round = 0; round < options.rounds; round++) {
    groups.forEach((g, k) => gradients(g, starts[k]!, score, grad, hess));
    const tree: number[] = [];
    grow(tree, Int32Array.from({ length: total }, (_, i) => i), 0, { x, width, cuts, grad, hess, options });
    trees.push(tree);
    for (let i = 0; i < total; i++) score[i]! += treeValue(tree, x, i * width);
  }
  return trees;
}

// Softmax cross-entropy of one article: gradient p − q, diagonal Hessian p(1 − p), times its weight.
function gradients(g: TrainingArticle, start: number, score: Float64Array, grad: Float64Array, hess: Float64Array): void {
  const n = g.target.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) max = Math.max(max, score[start + i]!);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(score[start + i]! - max);
  for (let i = 0; i < n; i++) {
    const p = Math.exp(score[start + i]! - max) / sum;
    grad[start + i] = g.weight * (p - g.target[i]!);
    hess[start + i] = g.weight * Math.max(1e-6, p * (1 - p));
  }
}

interface Grow {
  x: Float64Array;
  width: number;
  cuts: Float64Array[];
  grad: Float64Array;
  hess: Float64Array;
  options: BoostOptions;
}

// Appends the node for `rows` (and its subtree) to `tree`; returns its index.
function grow(tree: number[], rows: Int32Array, level: number, s: Grow): number {
  const node = tree.length / 4;
  let g = 0;
  let h = 0;
  for (const i of rows) {
    g += s.grad[i]!;
    h += s.hess[i]!;
  }
  tree.push(-1, round6((-g / (h + s.options.lambda)) * s.options.learningRate), 0, 0);
  if (level >= s.options.depth || rows.length < 2 * s.options.minLeaf) return node;
  const split = bestSplit(rows, g, h, s);
  if (!split) return node;
  const left = rows.filter((i) => s.x[i * s.width + split.feature]! <= split.threshold);
  const right = rows.filter((i) => s.x[i * s.width + split.feature]! > split.threshold);
  tree[node * 4] = split.feature;
  tree[node * 4 + 1] = split.threshold;
  tree[node * 4 + 2] = grow(tree, left, level + 1, s);
  tree[node * 4 + 3] = grow(tree, right, level + 1, s);
  return node;
}

function bestSplit(rows: Int32Array, g: number, h: number, s: Grow): { feature: number; threshold: number } | undefined {
  const { lambda, minLeaf } = s.options;
  const parent = (g * g) / (h + lambda);
  let best = 1e-12;
  let found: { feature: number; threshold: number } | undefined;
  for (let f = 0; f < s.width; f++) {
    const cuts = s.cuts[f]!;
    const gs = new Float64Array(cuts.length + 1);
    const hs = new Float64Array(cuts.length + 1);
    const ns = new Int32Array(cuts.length + 1);
    for (const i of rows) {
      const bin = binOf(cuts, s.x[i * s.width + f]!);
      gs[bin]! += s.grad[i]!;
      hs[bin]! += s.hess[i]!;
      ns[bin]! += 1;
    }
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < cuts.length; b++) {
      gl += gs[b]!;
      hl += hs[b]!;
      nl += ns[b]!;
      if (nl < minLeaf || rows.length - nl < minLeaf) continue;
      const gain = (gl * gl) / (hl + lambda) + ((g - gl) * (g - gl)) / (h - hl + lambda) - parent;
      if (gain > best) {
        best = gain;
        found = { feature: f, threshold: cuts[b]! };
      }
    }
  }
  return found;
}

// First cut at or above v (values equal to a cut go left, as in the scorer's "<=").
function binOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function quantiles(x: Float64Array, width: number, f: number, bins: number): Float64Array {
  const n = x.length / width;
  const values = Float64Array.from({ length: n }, (_, i) => x[i * width + f]!).sort();
  const cuts = new Set<number>();
  for (let b = 1; b < bins; b++) cuts.add(round6(values[Math.floor((b * n) / bins)] ?? 0));
  return Float64Array.from([...cuts].sort((a, b) => a - b));
}

/** The tree's answer for the row of `rows` that starts at `offset`. */
export function treeValue(tree: Tree, rows: ArrayLike<number>, offset: number): number {
  let node = 0;
  // Children come after their parent, so a walk that does not move forward is a malformed tree.
  for (let at = tree[0]; at !== undefined && at >= 0; at = tree[node * 4]) {
    const next = (rows[offset + at] ?? 0) <= tree[node * 4 + 1]! ? tree[node * 4 + 2]! : tree[node * 4 + 3]!;
    if (!(next > node)) return 0;
    node = next;
  }
  return tree[node * 4 + 1] ?? 0;
}

/** Sum of every tree's answer, per row of `width` numbers. */
export function scoreRows(trees: readonly Tree[], rows: Float64Array, width: number): Float64Array {
  const n = Math.floor(rows.length / width);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) for (const tree of trees) scores[i]! += treeValue(tree, rows, i * width);
  return scores;
}

// Six significant digits, so printed trees score exactly as fitted.
function round6(v: number): number {
  return Number(v.toPrecision(6));
}
