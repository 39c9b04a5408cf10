// What a reference summary rewards, sentence by sentence: the greedy oracle (Nallapati et al. 2017's
// labelling for extractive training). Sentences are added one at a time, each time the one that most
// raises the mean of ROUGE-1 and ROUGE-Lsum F1 of the summary so far, until none raises it or k are in.
import type { EvalItem } from './dataset.js';
import { scoreSummary } from './score.js';

export function oracleChoice(item: EvalItem, sentences: readonly string[], k = 3): number[] {
  const chosen: number[] = [];
  let best = 0;
  while (chosen.length < k) {
    let pick = -1;
    for (let i = 0; i < sentences.length; i++) {
      if (chosen.includes(i)) continue;
      const trial = [...chosen, i].sort((a, b) => a - b).map((j) => sentences[j]!);
      const s = scoreSummary(item, trial);
      const value = (s.r1 + s.rl) / 2;
      if (value > best) {
        best = value;
        pick = i;
      }
    }
    if (pick < 0) break;
    chosen.push(pick);
  }
  return chosen.sort((a, b) => a - b);
}

/** Target shares for the listwise loss: the oracle's sentences share it equally. */
export function oracleTarget(n: number, chosen: readonly number[]): Float64Array {
  const target = new Float64Array(n);
  for (const i of chosen) target[i] = 1 / chosen.length;
  return target;
}
