// `npm run bench`: speed, memory and scale of the bot, each figure next to a simple baseline measured
// in the same run. Generates a seeded synthetic corpus per size as real files, imports it into a fresh
// catalog in one child process and restarts over it in another (honest resident memory for each), where
// search, the handlers and planning 10,000 due schedules are timed; then imports 100 feeds of 50 entries
// in a third (scripts/bench/child-feeds.ts). Then delivery: the real bot with one and with three
// processes on PostgreSQL (npm run bench starts a throwaway server through scripts/with-postgres.sh)
// against the local Discord-compatible server. Prints tables and writes JSON.
// Usage: npm run bench -- [--sizes 1000,10000,100000] [--large] [--only catalog|feeds] [--out bench/results.json] [--seed N] [--markdown] [--keep] [--no-delivery]
// --only feeds runs the feed import alone and replaces just the `feeds` key of an existing results file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED } from './bench/corpus.js';
import { type DeliveryFigures, deliveryTable, measureDelivery } from './bench/delivery.js';
import { writeCorpusFolder } from './bench/folder.js';
import { checkTargets, type ImportResult, machineInfo, type ServeResult, type SizeFigures, sizeFigures } from './bench/report.js';
import type { ScheduleFigures } from './bench/schedules.js';
import { feedsTable, markdownTable, textTable } from './bench/table.js';
import type { FeedFigures } from './bench/feeds.js';
import { WATCH_DEBOUNCE_MS } from './bench/watch.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD_IMPORT = fileURLToPath(new URL('./bench/child-import.ts', import.meta.url));
const CHILD_SERVE = fileURLToPath(new URL('./bench/child-serve.ts', import.meta.url));
const CHILD_FEEDS = fileURLToPath(new URL('./bench/child-feeds.ts', import.meta.url));

const log = (message: string): void => void process.stderr.write(`${message}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      large: { type: 'boolean', default: false },
      out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      markdown: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-delivery': { type: 'boolean', default: false },
    },
  });
  if (values.only !== undefined && values.only !== 'catalog' && values.only !== 'feeds') throw new Error('--only takes catalog or feeds');
  const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--sizes takes whole numbers of at least 100, e.g. 1000,10000');
  if (values.large) sizes.push(1_000_000);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed takes a whole number');
  return { sizes: [...new Set(sizes)].sort((a, b) => a - b), out: resolve(values.out), seed, markdown: values.markdown, keep: values.keep, only: values.only, delivery: !values['no-delivery'] };
}

/** Runs one of a size's measurement scripts in a fresh Node process and reads its JSON back. */
function runChild<T>(script: string, args: Record<string, string>, out: string): Promise<T> {
  return new Promise((done, fail) => {
    const flags = Object.entries({ ...args, out }).flatMap(([name, value]) => [`--${name}`, value]);
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...flags], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`${relative(ROOT, script)}${args.size ? ` for ${args.size} articles` : ''} exited with code ${code}`));
      done(JSON.parse(readFileSync(out, 'utf8')) as T);
    });
  });
}

/** Imports 100 feeds of 50 entries in a fresh process (see scripts/bench/child-feeds.ts). */
async function measureFeeds(work: string, seed: number): Promise<FeedFigures> {
  log('importing 100 feeds of 50 entries from a loopback server in a fresh process ...');
  return runChild<FeedFigures>(CHILD_FEEDS, { db: join(work, 'feeds.sqlite'), seed: String(seed) }, join(work, 'feeds.json'));
}

/** --only feeds: the feed figures replace the `feeds` key of the results file; the rest stays. */
async function feedsOnly(out: string, seed: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'news-bench-'));
  try {
    const feeds = await measureFeeds(work, seed);
    const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ ...previous, feeds: { ...feeds, machine: machineInfo() } }, null, 2)}\n`);
    console.log(feedsTable(feeds));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { sizes, out, seed, markdown, keep, only, delivery: withDelivery } = options();
  if (only === 'feeds') return feedsOnly(out, seed);
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'news-bench-'));
  const figures: Record<string, SizeFigures> = {};
  let schedules: ScheduleFigures | undefined;
  let feeds: FeedFigures | undefined;
  try {
    for (const size of sizes) {
      const dir = join(work, `articles-${size}`);
      const db = join(work, `catalog-${size}.sqlite`);
      const args = { dir, db, size: String(size), seed: String(seed) };
      log(`generating ${size.toLocaleString('en-US')} articles in ${dir} ...`);
      const bytes = writeCorpusFolder(dir, size, seed);
      log(`first import of ${size.toLocaleString('en-US')} articles in a fresh process ...`);
      const imported = await runChild<ImportResult>(CHILD_IMPORT, args, join(work, `import-${size}.json`));
      log(`restart over ${size.toLocaleString('en-US')} articles in a fresh process, then search, handlers and schedules ...`);
      const served = await runChild<ServeResult>(CHILD_SERVE, args, join(work, `serve-${size}.json`));
      figures[String(size)] = sizeFigures(imported, served, bytes / 2 ** 20);
      // The largest catalog is the one the schedule target is about.
      schedules = served.schedules;
      // Free the disk (a million articles are ~6 GB of files and more of database) before the next size.
      if (!keep) {
        rmSync(dir, { recursive: true, force: true });
        rmSync(db, { force: true });
      }
    }
    if (only !== 'catalog') feeds = await measureFeeds(work, seed);
  } finally {
    // --keep leaves the folders and catalogs for a closer look (the path is printed).
    if (keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const targets = checkTargets(figures, schedules);
  const delivery: DeliveryFigures[] | { skipped: string } = withDelivery ? await deliveryFigures() : { skipped: 'not asked for (--no-delivery)' };

  const results = {
    machine: machineInfo(),
    seed,
    sizes: figures,
    schedules,
    ...(feeds && { feeds }),
    delivery,
    targets,
    notes: [
      'Times from performance.now(); each size is imported in one fresh process and restarted in another; percentiles are nearest-rank.',
      'The folder is read right after it was written, so files come from the OS page cache (a warm disk).',
      'coldStartMs is now the restart to ready over the stored catalog (restartReadyMs); the first import of an empty catalog is firstImportMs (loadMs reading and parsing, indexMs writing).',
      'Search, autocomplete and the handlers read the SQLite catalog; the handlers go through the real router, command modules and news service.',
      'Summary handler times are first calls on distinct articles: the summary is computed then and stored per article version.',
      'Linear baselines read every stored article once per query, on fewer queries at the larger sizes (linearQueries).',
      'rssMb is after the first import and full collections; rssAfterRestartMb likewise after a restart; rssBeforeGcMb is the raw figure; rssIdleMb is before anything (Node, tsx, the bot code).',
      'Schedules: created just before the newest 1% of the catalog arrived; planSchedulesMs is the first pass, planResumedMs the next one with resume cursors, planWithoutCursorMs that pass without them, planAllNewMs a first pass where every article is new.',
      `The watcher waits ${WATCH_DEBOUNCE_MS} ms after the last event for a file by design (a file written in chunks is read once).`,
      'Feeds: 100 RSS feeds of 50 entries served on loopback under 100 host names, fetched by the poller (4 at a time) through the guarded client into an empty SQLite catalog; rssMb after that import; notModifiedPassMs is the next pass, every feed answering 304; parseOnlyMs is the feed library alone and parseAndConvertMs adds the HTML to text, keys and hashes.',
    ],
    runSeconds: Math.round((performance.now() - started) / 1000),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

  const m = results.machine;
  console.log(`news-bot bench: ${m.cpus} x ${m.cpuModel}, ${m.totalMemoryGb} GB, Node ${m.node}, ${m.os}, ${m.date}`);
  console.log(textTable(figures, schedules, targets));
  if (feeds) console.log(`\n${feedsTable(feeds)}`);
  console.log(Array.isArray(delivery) ? deliveryTable(delivery) : `\ndelivery: skipped (${delivery.skipped})`);
  if (markdown) console.log(`\n${markdownTable(figures, schedules)}`);
  const shown = relative(process.cwd(), out);
  console.log(`\nwrote ${shown.startsWith('..') ? out : shown} in ${results.runSeconds} s`);
}

/**
 * Delivery with 1 and 3 processes, on the PostgreSQL server TEST_DATABASE_URL names (npm run bench
 * starts one); skipped, with the reason, when there is none.
 */
async function deliveryFigures(): Promise<DeliveryFigures[] | { skipped: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { skipped: process.env.TEST_DATABASE_UNAVAILABLE ?? 'no PostgreSQL server (TEST_DATABASE_URL is not set)' };
  const results: DeliveryFigures[] = [];
  for (const processes of [1, 3]) {
    log(`delivery with ${processes} process${processes === 1 ? '' : 'es'} on PostgreSQL ...`);
    results.push(await measureDelivery(url, processes));
  }
  return results;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
