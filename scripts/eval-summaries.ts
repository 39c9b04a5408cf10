// Scores the summarizer against Lead-3 and TextRank-3, computed in the same run on the same
// articles, with ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (lowercase [a-z0-9]+ tokens), and prints the
// time per article of each. `--data <folder>` (repeatable) scores a set laid out as articles/ and
// references/; without it, the project's own bench/summaries. `--per-article` adds a row per
// article; `--fit` fits the summarizer's weights and reports five-fold held-out figures; `--learn`
// runs the learned-scorer experiment (boosted trees, not shipped), `--set-weight <set>=<w>` weighing a
// set's articles in its loss.
// Usage: npm run eval:summaries -- [--data <folder>]... [--per-article] [--fit] [--learn [--set-weight name=w]...]
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ArticleText, summarize } from '../src/core/summarizer.js';
import { lead3, textRank3 } from './eval/baselines.js';
import { type EvalItem, loadBenchFolder, loadFolder } from './eval/dataset.js';
import { type EvalSet, fitAndReport } from './eval/fit.js';
import { learnAndReport } from './eval/learned.js';
import { fmt, mean, scoreSummary } from './eval/score.js';

const BENCH_DIR = fileURLToPath(new URL('../bench/summaries/', import.meta.url));

type System = (article: ArticleText) => string[];

const SYSTEMS: readonly [string, System][] = [
  ['summarizer', (a) => summarize(a, 3)],
  ['Lead-3', lead3],
  ['TextRank-3', textRank3],
];

/** Median milliseconds per article over a few passes (the first pass warms the JIT and is not timed). */
function medianMs(system: System, items: readonly ArticleText[], passes = 3): number {
  for (const item of items) system(item);
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const item of items) {
      const start = performance.now();
      system(item);
      samples.push(performance.now() - start);
    }
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor((samples.length - 1) / 2)] ?? Number.NaN;
}

function evaluate(set: EvalSet, perArticle: boolean): void {
  console.log(`\n${set.name}: ${set.items.length} articles, 3-sentence summaries, F1`);
  console.log('system           R1     R2  RLsum   p50 ms/article');
  for (const [name, system] of SYSTEMS) {
    const rows = set.items.map((item) => scoreSummary(item, system(item)));
    console.log(`${name.padEnd(12)} ${fmt(mean(rows))}   ${medianMs(system, set.items).toFixed(3).padStart(8)}`);
    if (perArticle) rows.forEach((row, i) => console.log(`    ${set.items[i]!.id.padEnd(28)} ${fmt(row)}`));
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', multiple: true },
      'per-article': { type: 'boolean', default: false },
      fit: { type: 'boolean', default: false },
      learn: { type: 'boolean', default: false },
      'set-weight': { type: 'string', multiple: true },
    },
  });
  const folders = values.data ?? [];
  const sets: EvalSet[] = folders.length
    ? folders.map((dir) => ({ name: basename(resolve(dir)), items: loadFolder(resolve(dir)) as EvalItem[] }))
    : [{ name: 'bench/summaries', items: loadBenchFolder(BENCH_DIR) }];
  for (const set of sets) evaluate(set, values['per-article']);
  if (values.fit) fitAndReport(sets, 5);
  if (values.learn) learnAndReport(sets, { setWeights: parseSetWeights(values['set-weight'] ?? []), folds: 5 });
}

function parseSetWeights(entries: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of entries) {
    const [name, value] = entry.split('=');
    const weight = Number(value);
    if (!name || !(weight > 0)) throw new Error(`--set-weight takes <set name>=<positive number>, got ${entry}`);
    weights.set(name, weight);
  }
  return weights;
}

main();
