// Scores the summarizer against Lead-3 and plain TextRank on bench/summaries with ROUGE-1/2/L F1,
// and prints mean time per article. `--per-article` adds one row per article; `--tune` grid-searches
// the summarizer weights and reports a leave-one-out estimate, so tuned figures are not read as held-out ones.
// Usage: npx tsx scripts/eval-summaries.ts [--per-article] [--tune]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  type ArticleText,
  type SummaryWeights,
  lead,
  summarize,
  summarizeWithWeights,
  textRank,
} from '../src/core/summarizer.js';
import { rougeL, rougeN } from './rouge.js';

const BENCH_DIR = fileURLToPath(new URL('../bench/summaries/', import.meta.url));

interface BenchItem extends ArticleText {
  name: string;
  reference: string;
}

interface Scores {
  r1: number;
  r2: number;
  rl: number;
}

type System = (article: ArticleText) => string[];

/** Articles are "<name>.txt" (headline, blank line, paragraphs); references are "<name>.ref.txt". */
function loadBench(dir = BENCH_DIR): BenchItem[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt') && !file.endsWith('.ref.txt'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
      const newline = text.indexOf('\n');
      const name = file.slice(0, -'.txt'.length);
      return {
        name,
        title: (newline === -1 ? text : text.slice(0, newline)).trim(),
        body: newline === -1 ? '' : text.slice(newline + 1).trim(),
        reference: readFileSync(join(dir, `${name}.ref.txt`), 'utf8').trim(),
      };
    });
}

function scoreSummary(summary: readonly string[], reference: string): Scores {
  const text = summary.join(' ');
  return { r1: rougeN(text, reference, 1).f1, r2: rougeN(text, reference, 2).f1, rl: rougeL(text, reference).f1 };
}

function mean(rows: readonly Scores[]): Scores {
  const sum = rows.reduce((a, b) => ({ r1: a.r1 + b.r1, r2: a.r2 + b.r2, rl: a.rl + b.rl }), { r1: 0, r2: 0, rl: 0 });
  const n = Math.max(1, rows.length);
  return { r1: sum.r1 / n, r2: sum.r2 / n, rl: sum.rl / n };
}

const objective = (s: Scores): number => (s.r1 + s.r2 + s.rl) / 3;

/** Mean milliseconds per call over enough repetitions to be stable. */
function timePerArticle(system: System, articles: readonly ArticleText[], minMs = 200): number {
  for (const article of articles) system(article); // warm-up
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const article of articles) system(article);
    calls += articles.length;
  }
  return (performance.now() - start) / calls;
}

const pct = (x: number): string => (100 * x).toFixed(2).padStart(6);

function evaluate(items: readonly BenchItem[], perArticle: boolean): void {
  const systems: [string, System][] = [
    ['summarizer', (a) => summarize(a, 3)],
    ['lead-3', (a) => lead(a, 3)],
    ['textrank', (a) => textRank(a, 3)],
  ];
  const long: ArticleText = { title: items[0]?.title ?? '', body: items.map((i) => i.body).join('\n\n') };
  console.log(`ROUGE F1 (x100) on ${items.length} articles in bench/summaries, 3-sentence summaries`);
  console.log(`system        ROUGE-1 ROUGE-2 ROUGE-L   ms/article  ms/${Math.round(long.body.length / 1000)}KB-article`);
  for (const [name, system] of systems) {
    const rows = items.map((item) => scoreSummary(system(item), item.reference));
    const m = mean(rows);
    const ms = timePerArticle(system, items);
    const msLong = timePerArticle(system, [long]);
    console.log(`${name.padEnd(12)} ${pct(m.r1)}  ${pct(m.r2)}  ${pct(m.rl)}   ${ms.toFixed(4).padStart(9)}   ${msLong.toFixed(3).padStart(9)}`);
    if (perArticle) {
      items.forEach((item, i) => {
        const r = rows[i]!;
        console.log(`    ${item.name.padEnd(26)} ${pct(r.r1)}  ${pct(r.r2)}  ${pct(r.rl)}`);
      });
    }
  }
}

// Kept small on purpose: with ~20 articles, a finer grid mostly fits noise (compare the leave-one-out line).
function* grid(): Generator<Partial<SummaryWeights>> {
  for (const graph of ['cosine', 'overlap'] as const)
    for (const centrality of [0.25, 0.5, 1])
      for (const position of [0, 0.25, 0.5])
        for (const positionDecay of [4, 16])
          for (const title of [0.5, 1, 2])
            for (const quotePenalty of [0, 0.3, 0.6])
              for (const length of [0, 0.5, 1])
                for (const redundancy of [0.35, 0.5, 1.01])
                  yield { graph, centrality, position, positionDecay, title, quotePenalty, length, redundancy, keepLead: true };
}

function tune(items: readonly BenchItem[]): void {
  const configs = [...grid()];
  const table = configs.map((weights) => items.map((item) => scoreSummary(summarizeWithWeights(item, 3, weights), item.reference)));
  const total = (row: readonly Scores[], skip = -1): number => row.reduce((sum, s, i) => (i === skip ? sum : sum + objective(s)), 0);
  const bestFor = (skip = -1): number => {
    let best = 0;
    table.forEach((row, c) => {
      if (total(row, skip) > total(table[best]!, skip)) best = c;
    });
    return best;
  };
  const row = (name: string, m: Scores): void => console.log(`${name.padEnd(24)} ${pct(m.r1)}  ${pct(m.r2)}  ${pct(m.rl)}`);
  console.log(`\nTuning over ${configs.length} weight settings (objective: mean of ROUGE-1/2/L F1)`);
  console.log('                         ROUGE-1 ROUGE-2 ROUGE-L');
  const best = bestFor();
  row('best on all (in-sample)', mean(table[best]!));
  row('DEFAULT_WEIGHTS', mean(items.map((item) => scoreSummary(summarize(item, 3), item.reference))));
  // Leave-one-out: each article is scored with the weights that are best on the other articles.
  row('leave-one-out estimate', mean(items.map((_, k) => table[bestFor(k)]![k]!)));
  row('lead-3', mean(items.map((item) => scoreSummary(lead(item, 3), item.reference))));
  console.log(`best weights: ${JSON.stringify(configs[best])}`);
}

const args = new Set(process.argv.slice(2));
const items = loadBench();
evaluate(items, args.has('--per-article'));
if (args.has('--tune')) tune(items);
