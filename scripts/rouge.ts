// A small ROUGE (Lin, 2004) for the summary evaluation: ROUGE-N and ROUGE-L F1 over lowercase
// alphanumeric tokens, no stemming and no stop-word removal. ROUGE-L is computed on the whole
// summary as one token sequence (not the sentence-level "union LCS" of ROUGE-Lsum).

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

/** Lowercase runs of letters and digits; everything else separates tokens. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
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
export function rougeN(candidate: string, reference: string, n: number): RougeScore {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ROUGE-N needs n >= 1, got ${n}`);
  const cand = ngramCounts(rougeTokens(candidate), n);
  const ref = ngramCounts(rougeTokens(reference), n);
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
export function rougeL(candidate: string, reference: string): RougeScore {
  const cand = rougeTokens(candidate);
  const ref = rougeTokens(reference);
  return score(lcsLength(cand, ref), cand.length, ref.length);
}
