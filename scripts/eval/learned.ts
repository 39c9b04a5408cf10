// The learned-scorer experiment (`--learn`): boosted trees over per-sentence features, trained on the
// greedy oracle's picks, scored with k-fold cross-validation beside both baselines. It is not what the
// bot ships (the gated blend in src/core/summarizer.ts measured better once the features that identify
// a development set were withheld); it is kept so those figures can be reproduced and re-checked on
// new data. Each feature set is fitted on all sets at once, with per-set weights for the loss.
import { summaryFeatures, type SummaryFeatures } from '../../src/core/summarizer.js';
import { lead3, textRank3 } from './baselines.js';
import { BOOST_OPTIONS, fitTrees, scoreRows, type TrainingArticle, type Tree } from './boost.js';
import type { EvalItem } from './dataset.js';
import type { EvalSet } from './fit.js';
import { oracleChoice, oracleTarget } from './oracle.js';
import { fmt, mean, type Scores, scoreSummary } from './score.js';
import { EXTRA_FEATURES, type FeatureName, GENERAL_FEATURES, sentenceFeatures } from './sentence-features.js';

export interface LearnRequest {
  /** Weight of each set's articles in the loss (default 1): balances sets whose references disagree. */
  setWeights: ReadonlyMap<string, number>;
  folds: number;
}

const VARIANTS: readonly [string, readonly FeatureName[]][] = [
  ['general features', GENERAL_FEATURES],
  ...EXTRA_FEATURES.map((extra): [string, readonly FeatureName[]] => [`general + ${extra}`, [...GENERAL_FEATURES, extra]]),
];

/** Redundancy rule of the shipped summarizer: a sentence this similar to a chosen one waits. */
const REDUNDANCY = 0.5;

interface Prepared {
  item: EvalItem;
  features: SummaryFeatures;
  target: Float64Array;
  weight: number;
}

export function learnAndReport(sets: readonly EvalSet[], request: LearnRequest): void {
  const prepared = sets.map((set) =>
    set.items.map((item): Prepared => {
      const features = summaryFeatures(item);
      const texts = features.candidates.map((c) => c.text);
      return { item, features, target: oracleTarget(texts.length, oracleChoice(item, texts)), weight: request.setWeights.get(set.name) ?? 1 };
    }),
  );
  const o = BOOST_OPTIONS;
  console.log(`\nLearned scorer: ${o.rounds} trees of depth ${o.depth}, ${request.folds}-fold held-out; set weights ${sets.map((s) => `${s.name} ${request.setWeights.get(s.name) ?? 1}`).join(', ')}`);
  console.log('set          system                                R1     R2  RLsum   margin R1  RLsum');
  const bars = prepared.map((list) => {
    const lead = mean(list.map((p) => scoreSummary(p.item, lead3(p.item))));
    const rank = mean(list.map((p) => scoreSummary(p.item, textRank3(p.item))));
    return { lead, rank, r1: Math.max(lead.r1, rank.r1), rl: Math.max(lead.rl, rank.rl) };
  });
  const row = (s: number, label: string, scores: Scores): void => {
    const bar = bars[s]!;
    console.log(`${sets[s]!.name.padEnd(12)} ${label.padEnd(36)} ${fmt(scores)}   ${signed(scores.r1 - bar.r1)} ${signed(scores.rl - bar.rl)}`);
  };
  for (const [label, names] of VARIANTS) {
    const rows = prepared.map((list) => list.map((p) => sentenceFeatures(p.item, p.features, names)));
    const training = (keep: (i: number) => boolean): TrainingArticle[] =>
      prepared.flatMap((list, s) => list.flatMap((p, i) => (keep(i) ? [{ rows: rows[s]![i]!, target: p.target, weight: p.weight }] : [])));
    const all = fitTrees(training(() => true), names.length);
    const folds = Array.from({ length: request.folds }, (_, k) => fitTrees(training((i) => i % request.folds !== k), names.length));
    prepared.forEach((list, s) => {
      const summary = (p: Prepared, i: number, trees: readonly Tree[]): string[] => choose(p.features, scoreRows(trees, rows[s]![i]!, names.length));
      row(s, `${label}, in-sample`, mean(list.map((p, i) => scoreSummary(p.item, summary(p, i, all)))));
      row(s, `${label}, held-out`, mean(list.map((p, i) => scoreSummary(p.item, summary(p, i, folds[i % request.folds]!)))));
    });
  }
  bars.forEach((bar, s) => {
    row(s, 'Lead-3', bar.lead);
    row(s, 'TextRank-3', bar.rank);
  });
}

// Best three by score, near-duplicates of a chosen sentence only as a last resort, in article order.
function choose(features: SummaryFeatures, scores: Float64Array, count = 3): string[] {
  const { candidates } = features;
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
  const chosen: number[] = [];
  const deferred: number[] = [];
  for (const i of order) {
    if (chosen.length >= count) break;
    if (chosen.some((j) => features.similarity(i, j) > REDUNDANCY)) deferred.push(i);
    else chosen.push(i);
  }
  chosen.push(...deferred.slice(0, Math.max(0, count - chosen.length)));
  return chosen.sort((a, b) => a - b).map((i) => candidates[i]!.text);
}

const signed = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(3).slice(1)}`.padStart(6);
