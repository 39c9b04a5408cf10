// `npm run bench`: speed, memory and scale of the bot, each figure next to a simple baseline measured
// in the same run. Generates a seeded synthetic corpus per size, measures each size in a fresh child
// process (honest resident memory), plans 10,000 due schedules, prints a table and writes JSON.
// Usage: npm run bench -- [--sizes 1000,10000] [--large] [--out bench/results.json] [--seed N] [--markdown]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArticleLibrary } from '../src/core/library.js';
import { createVocabulary, DEFAULT_SEED } from './bench/corpus.js';
import { corpusArticles, writeCorpusFolder } from './bench/folder.js';
import { searchQueries } from './bench/queries.js';
import { type ChildResult, checkTargets, machineInfo, type SizeFigures, sizeFigures } from './bench/report.js';
import { measureSchedules } from './bench/schedules.js';
import { markdownTable, textTable } from './bench/table.js';
import { WATCH_DEBOUNCE_MS } from './bench/watch.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./bench/child.ts', import.meta.url));
const SCHEDULE_LIBRARY_SIZE = 10_000;

const log = (message: string): void => void process.stderr.write(`${message}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      large: { type: 'boolean', default: false },
      out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      markdown: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--sizes takes whole numbers of at least 100, e.g. 1000,10000');
  if (values.large) sizes.push(100_000);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed takes a whole number');
  return { sizes: [...new Set(sizes)].sort((a, b) => a - b), out: resolve(values.out), seed, markdown: values.markdown };
}

/** Runs one size's measurements in a fresh Node process and reads its JSON back. */
function runChild(dir: string, size: number, seed: number, out: string): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const args = ['--expose-gc', '--import', 'tsx', CHILD, '--dir', dir, '--size', String(size), '--seed', String(seed), '--out', out];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`the ${size}-article run exited with code ${code}`));
      done(JSON.parse(readFileSync(out, 'utf8')) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  const { sizes, out, seed, markdown } = options();
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'news-bench-'));
  const figures: Record<string, SizeFigures> = {};
  try {
    for (const size of sizes) {
      const dir = join(work, `articles-${size}`);
      log(`generating ${size.toLocaleString('en-US')} articles in ${dir} ...`);
      const bytes = writeCorpusFolder(dir, size, seed);
      log(`measuring ${size.toLocaleString('en-US')} articles in a fresh process ...`);
      const result = await runChild(dir, size, seed, join(work, `result-${size}.json`));
      figures[String(size)] = sizeFigures(result, bytes / 2 ** 20);
      // Free the disk (100,000 articles are ~600 MB) before the next size.
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  log(`planning 10,000 due schedules over ${SCHEDULE_LIBRARY_SIZE.toLocaleString('en-US')} articles ...`);
  const library = new ArticleLibrary(corpusArticles(SCHEDULE_LIBRARY_SIZE, seed));
  const schedules = await measureSchedules(library, searchQueries(createVocabulary(seed), seed), seed);
  const targets = checkTargets(figures, schedules);

  const results = {
    machine: machineInfo(),
    seed,
    sizes: figures,
    schedules: { ...schedules, libraryArticles: SCHEDULE_LIBRARY_SIZE },
    targets,
    notes: [
      'Times from performance.now() in one process per size; percentiles are nearest-rank.',
      'Cold start reads files just written, so they come from the OS page cache (a warm disk).',
      'Summary handler times are first calls on distinct articles: NewsService caches summaries per article.',
      'rssMb is after full collections (what the process holds once settled); rssBeforeGcMb is the raw figure; rssIdleMb is before loading (Node, tsx, discord.js and the bot code).',
      `The watcher waits ${WATCH_DEBOUNCE_MS} ms after the last event for a file by design (a file written in chunks is read once).`,
    ],
    runSeconds: Math.round((performance.now() - started) / 1000),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

  const m = results.machine;
  console.log(`news-bot bench: ${m.cpus} x ${m.cpuModel}, ${m.totalMemoryGb} GB, Node ${m.node}, ${m.os}, ${m.date}`);
  console.log(textTable(figures, schedules, targets));
  if (markdown) console.log(`\n${markdownTable(figures, schedules)}`);
  const shown = relative(process.cwd(), out);
  console.log(`\nwrote ${shown.startsWith('..') ? out : shown} in ${results.runSeconds} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
