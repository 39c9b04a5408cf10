// Scores 3-sentence summaries with the public sets' rules: ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 over
// lowercase [a-z0-9]+ tokens. Scores are memoised per article and chosen sentences, because fitting
// weights asks for the same few summaries thousands of times.
import { asciiTokens, rougeLsum, rougeN } from '../rouge.js';
import type { EvalItem } from './dataset.js';

export interface Scores {
  r1: number;
  r2: number;
  rl: number;
}

const memo = new WeakMap<EvalItem, Map<string, Scores>>();

export function scoreSummary(item: EvalItem, summary: readonly string[]): Scores {
  let byText = memo.get(item);
  if (!byText) memo.set(item, (byText = new Map()));
  const key = summary.join('\n');
  let scores = byText.get(key);
  if (!scores) {
    const text = summary.join(' ');
    const reference = item.reference.join(' ');
    scores = {
      r1: rougeN(text, reference, 1, asciiTokens).f1,
      r2: rougeN(text, reference, 2, asciiTokens).f1,
      rl: rougeLsum(summary, item.reference, asciiTokens).f1,
    };
    byText.set(key, scores);
  }
  return scores;
}

export function mean(rows: readonly Scores[]): Scores {
  const sum = rows.reduce((a, b) => ({ r1: a.r1 + b.r1, r2: a.r2 + b.r2, rl: a.rl + b.rl }), { r1: 0, r2: 0, rl: 0 });
  const n = Math.max(1, rows.length);
  return { r1: sum.r1 / n, r2: sum.r2 / n, rl: sum.rl / n };
}

export const fmt = (s: Scores): string => [s.r1, s.r2, s.rl].map((x) => x.toFixed(3).slice(1).padStart(6)).join(' ');
