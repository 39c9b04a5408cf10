// A small ROUGE (Lin, 2004) for the summary evaluation: ROUGE-N, ROUGE-L and ROUGE-Lsum F1, no
// stemming and no stop-word removal. ROUGE-L treats the summary as one token sequence; ROUGE-Lsum
// is the summary-level score (each reference sentence against the union of its LCS matches with
// every summary sentence), which is what published news-summary figures report.

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

/** Turns text into the tokens ROUGE compares. */
export type Tokenizer = (text: string) => string[];

/** Lowercase runs of letters and digits; everything else separates tokens. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Lowercase ASCII [a-z0-9]+ runs, the tokens the public summary sets are scored with. */
export function asciiTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function score(overlap: number, candidateTotal: number, referenceTotal: number): RougeScore {
  const precision = candidateTotal > 0 ? overlap / candidateTotal : 0;
  const recall = referenceTotal > 0 ? overlap / referenceTotal : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N with clipped counts: an n-gram matches at most as often as it occurs in the reference. */
export function rougeN(candidate: string, reference: string, n: number, tokenize: Tokenizer = rougeTokens): RougeScore {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ROUGE-N needs n >= 1, got ${n}`);
  const cand = ngramCounts(tokenize(candidate), n);
  const ref = ngramCounts(tokenize(reference), n);
  let overlap = 0;
  let candTotal = 0;
  let refTotal = 0;
  for (const count of ref.values()) refTotal += count;
  for (const [gram, count] of cand) {
    candTotal += count;
    overlap += Math.min(count, ref.get(gram) ?? 0);
  }
  return score(overlap, candTotal, refTotal);
}

/** Length of the longest common subsequence, two rolling rows: O(m·n) time, O(n) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      curr[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, curr[j - 1]!);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/** ROUGE-L: LCS-based precision, recall and F1 (β = 1). */
export function rougeL(candidate: string, reference: string, tokenize: Tokenizer = rougeTokens): RougeScore {
  const cand = tokenize(candidate);
  const ref = tokenize(reference);
  return score(lcsLength(cand, ref), cand.length, ref.length);
}

/** Positions in `a` of one longest common subsequence with `b` (full table, for the union in ROUGE-Lsum). */
export function lcsPositions(a: readonly string[], b: readonly string[]): number[] {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i * width + j] =
        a[i - 1] === b[j - 1] ? table[(i - 1) * width + j - 1]! + 1 : Math.max(table[(i - 1) * width + j]!, table[i * width + j - 1]!);
    }
  }
  const out: number[] = [];
  for (let i = a.length, j = b.length; i > 0 && j > 0; ) {
    if (a[i - 1] === b[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (table[(i - 1) * width + j]! >= table[i * width + j - 1]!) i--;
    else j--;
  }
  return out.reverse();
}

/**
 * ROUGE-Lsum: for every reference sentence, the union of its LCS matches with each summary sentence.
 * A token counts at most as often as it occurs in the reference and in the summary, so a word the
 * reference repeats cannot be matched more often than the summary holds it.
 */
export function rougeLsum(candidate: readonly string[], reference: readonly string[], tokenize: Tokenizer = rougeTokens): RougeScore {
  const cand = candidate.map(tokenize).filter((s) => s.length > 0);
  const ref = reference.map(tokenize).filter((s) => s.length > 0);
  const candLeft = tokenCounts(cand);
  const refLeft = tokenCounts(ref);
  let hits = 0;
  for (const sentence of ref) {
    const union = new Set<number>();
    for (const other of cand) for (const position of lcsPositions(sentence, other)) union.add(position);
    for (const position of [...union].sort((x, y) => x - y)) {
      const token = sentence[position]!;
      if ((candLeft.get(token) ?? 0) > 0 && (refLeft.get(token) ?? 0) > 0) {
        hits++;
        candLeft.set(token, candLeft.get(token)! - 1);
        refLeft.set(token, refLeft.get(token)! - 1);
      }
    }
  }
  const total = (list: string[][]): number => list.reduce((sum, s) => sum + s.length, 0);
  return score(hits, total(cand), total(ref));
}

function tokenCounts(sentences: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sentence of sentences) for (const token of sentence) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}
