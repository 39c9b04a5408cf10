import { describe, expect, it } from 'vitest';
import { fitTrees, scoreRows, type TrainingArticle, treeValue } from '../../scripts/eval/boost.js';
import type { EvalItem } from '../../scripts/eval/dataset.js';
import { oracleChoice, oracleTarget } from '../../scripts/eval/oracle.js';
import { type FeatureName, GENERAL_FEATURES, sentenceFeatures } from '../../scripts/eval/sentence-features.js';
import { summaryFeatures } from '../../src/core/summarizer.js';

// Synthetic articles of two features per sentence: the reference always rewards the sentence with the
// largest first feature; the second is noise. A fixed LCG keeps the data the same on every run.
function syntheticArticles(count: number, seed: number): TrainingArticle[] {
  let state = seed;
  const random = (): number => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: count }, () => {
    const n = 5 + Math.floor(random() * 5);
    const rows = Float64Array.from({ length: n * 2 }, () => random());
    let best = 0;
    for (let i = 1; i < n; i++) if (rows[i * 2]! > rows[best * 2]!) best = i;
    return { rows, target: oracleTarget(n, [best]), weight: 1 };
  });
}

const options = { rounds: 20, depth: 2, learningRate: 0.3, minLeaf: 20, lambda: 1, bins: 16 };

// Asks "is feature 0 at most 0.5?": yes gives -1, no gives 2.
const stump = [0, 0.5, 1, 2, -1, -1, 0, 0, -1, 2, 0, 0];

describe('tree scoring', () => {
  it.each([
    [0.3, -1],
    [0.5, -1],
    [0.7, 2],
  ])('a stump sends %s to the leaf worth %s (ties go left)', (value, expected) => {
    expect(treeValue(stump, [value], 0)).toBe(expected);
  });

  it('reads each row at its offset and sums every tree', () => {
    expect(Array.from(scoreRows([stump, stump], new Float64Array([0.2, 0.9]), 1))).toEqual([-2, 4]);
  });

  it('gives 0 for an empty tree and for one whose branch points back', () => {
    expect(treeValue([], [1], 0)).toBe(0);
    expect(treeValue([0, 0.5, 0, 0], [0.1], 0)).toBe(0);
  });
});

describe('fitting the sentence scorer', () => {
  it('learns to rank the rewarded sentence first on articles it has not seen', () => {
    const trees = fitTrees(syntheticArticles(200, 1), 2, options);
    const unseen = syntheticArticles(100, 99);
    let hits = 0;
    for (const { rows, target } of unseen) {
      const scores = scoreRows(trees, rows, 2);
      const top = scores.indexOf(Math.max(...scores));
      if (target[top]! > 0) hits++;
    }
    expect(hits).toBeGreaterThan(60); // chance is about 1 in 7
  });

  it('splits only on the feature that matters at the root', () => {
    const trees = fitTrees(syntheticArticles(200, 1), 2, options);
    expect(trees[0]![0]).toBe(0);
  });

  it('fits the same trees from the same data', () => {
    const data = syntheticArticles(80, 7);
    expect(fitTrees(data, 2, options)).toEqual(fitTrees(data, 2, options));
  });

  it('leaves a set of one-sentence articles with no trees worth the name', () => {
    const trees = fitTrees([{ rows: new Float64Array([1, 2]), target: new Float64Array([1]), weight: 1 }], 2, options);
    expect(trees.every((tree) => tree.length === 4 && tree[0] === -1 && tree[1] === 0)).toBe(true);
  });
});

describe('oracle labels', () => {
  const item: EvalItem = {
    id: 'x',
    title: 'Harbour budget',
    body: '',
    reference: ['The council approved the harbour budget.', 'It pays for new cranes.'],
  };
  const sentences = [
    'The weather was mild on Monday.',
    'The council approved the harbour budget on Monday night.',
    'Dock workers cheered.',
    'The budget pays for new cranes and a longer quay.',
  ];

  it('picks the sentences that raise ROUGE against the reference, in article order', () => {
    expect(oracleChoice(item, sentences)).toEqual([1, 3]);
  });

  it('shares the target equally among the picks', () => {
    expect(Array.from(oracleTarget(4, [1, 3]))).toEqual([0, 0.5, 0, 0.5]);
  });
});

const ferry = {
  title: 'Island ferry fares to rise',
  body: [
    'Fares on the Gull Island ferry will rise by 12% in March, the operator said on Tuesday.',
    'The operator blamed higher fuel costs and a new crew contract for the increase. Islanders pay the most.',
    '"We have no choice," the operator\'s chief executive told reporters.',
    'A return ticket for a car and driver will cost $48, up from $43.',
    'The island council said it would ask the state to cap fares for residents.',
  ].join('\n\n'),
};

describe('sentence features', () => {
  const names: FeatureName[] = [...GENERAL_FEATURES, 'paragraphStart', 'title'];
  const rows = sentenceFeatures(ferry, summaryFeatures(ferry), names);
  const column = (name: FeatureName): number[] =>
    Array.from({ length: rows.length / names.length }, (_, i) => rows[i * names.length + names.indexOf(name)]!);

  it('has one row per usable sentence', () => {
    expect(rows.length).toBe(6 * names.length);
  });

  it('marks position: the lead, the second sentence, and the share of the way through', () => {
    expect(column('lead')).toEqual([1, 0, 0, 0, 0, 0]);
    expect(column('second')).toEqual([0, 1, 0, 0, 0, 0]);
    expect(column('relativePosition')).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('marks paragraph openings, quotes and figures', () => {
    expect(column('paragraphStart')).toEqual([1, 1, 0, 1, 1, 1]);
    expect(column('quote')).toEqual([0, 0, 0, 1, 0, 0]);
    const numbers = column('numbers');
    expect(numbers[0]).toBeCloseTo(1 / 17);
    expect(numbers[4]).toBeCloseTo(2 / 14);
    expect(numbers[1]).toBe(0);
  });

  it('gives every sentence the same article context', () => {
    for (const name of ['articleLength', 'articleCohesion', 'leadCentrality'] as const) expect(new Set(column(name)).size).toBe(1);
    expect(column('articleLength')[0]).toBeCloseTo(Math.log(6 / 20));
  });

  it('scales centrality and connectedness so the top sentence has 1, and ranks them', () => {
    for (const name of ['wordRank', 'lexRank', 'degree'] as const) expect(Math.max(...column(name))).toBeCloseTo(1);
    expect(column('wordRankOrder').sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5].map((k) => Math.log(1 + k)));
  });

  it('is the same for the same article, and empty when nothing is usable', () => {
    expect(Array.from(sentenceFeatures(ferry, summaryFeatures(ferry), names))).toEqual(Array.from(rows));
    const empty = { title: 'x', body: '' };
    expect(sentenceFeatures(empty, summaryFeatures(empty), names)).toHaveLength(0);
  });
});
