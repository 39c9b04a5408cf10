// Measures the PostgreSQL catalog on its own (`npm run bench` measures the SQLite catalog and delivery):
//   bash scripts/with-postgres.sh npx tsx scripts/bench/pg-catalog.ts [--sizes 10000,100000]
// For each size, into a database of its own on the server TEST_DATABASE_URL names: the first import of
// a generated articles folder through the real folder sync, search and autocomplete latencies on the
// bench's fixed inputs, 10,000 schedules' waiting() passes, and the one-typo lookup two ways (the
// vocabulary's one-letter deletions, which the catalog uses, and pg_trgm, measured to compare).
// --keep leaves each database in place afterwards (bench_catalog_<size>), to read its query plans.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createLogger, silentLogger } from '../../src/logger.js';
import { FolderSync } from '../../src/store/folder/folder-sync.js';
import { openStores } from '../../src/store/open-stores.js';
import { createVocabulary, DEFAULT_SEED } from './corpus.js';
import { writeCorpusFolder } from './folder.js';
import { round, sampleEachAsync, summarizeSamples, timeAsync } from './measure.js';
import { measurePgSchedules } from './pg-schedules.js';
import { measureTypoLookups } from './pg-typos.js';
import { autocompleteInputs, searchQueries } from './queries.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, seed: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const seed = Number(values.seed ?? DEFAULT_SEED);
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run under bash scripts/with-postgres.sh');

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

const summary = (samples: number[]) => {
  const { p50, p95, p99 } = summarizeSamples(samples);
  return { p50: round(p50, 2), p95: round(p95, 2), p99: round(p99, 2) };
};

async function measure(size: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), `pg-bench-${size}-`));
  const name = `bench_catalog_${size}`;
  try {
    writeCorpusFolder(dir, size, seed);
    await admin(`DROP DATABASE IF EXISTS ${name}`);
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const stores = await openStores({ databasePath: '(unused)', databaseUrl: url.toString() }, { logger: silentLogger(), clock: { now: () => new Date() } });
    try {
      const { catalog } = stores;
      const sync = new FolderSync({ dir, logger: createLogger('warn', process.stderr), catalog });
      const imported = await timeAsync(() => sync.syncAll());
      const restart = await timeAsync(() => new FolderSync({ dir, logger: silentLogger(), catalog }).syncAll());
      const vocab = createVocabulary(seed);
      const queries = searchQueries(vocab, seed);
      const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      try {
        const titles = new Map((await pool.query<{ id: string; title: string }>('SELECT id, title FROM articles')).rows.map((a) => [a.id, a.title]));
        const inputs = autocompleteInputs((id) => titles.get(id), size, seed);
        // Each input once untimed first: a running bot's server has its pages cached.
        const search = await sampleEachAsync(queries, (query) => catalog.search(query, { limit: 10 }), queries);
        const suggest = await sampleEachAsync(inputs, (input) => catalog.suggest(input, 25), inputs);
        const { rows } = await pool.query<{ db: string; articles: string; words: string; variants: string }>(
          `SELECT pg_database_size(current_database())::text AS db, pg_total_relation_size('articles')::text AS articles,
             pg_relation_size('articles_words')::text AS words, pg_total_relation_size('search_term_variants')::text AS variants`,
        );
        const mb = (bytes: string) => round(Number(bytes) / 2 ** 20, 1);
        return {
          size,
          importMs: round(imported.ms, 0),
          importPerSecond: round(size / (imported.ms / 1000), 0),
          restartMs: round(restart.ms, 0),
          searchMs: summary(search),
          autocompleteMs: summary(suggest),
          schedules: await measurePgSchedules(catalog, pool, queries, seed, size),
          typos: await measureTypoLookups(pool, vocab, seed),
          databaseMb: mb(rows[0]!.db),
          articlesTableMb: mb(rows[0]!.articles),
          wordsIndexMb: mb(rows[0]!.words),
          variantsMb: mb(rows[0]!.variants),
        };
      } finally {
        await pool.end();
      }
    } finally {
      await stores.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!values.keep) await admin(`DROP DATABASE IF EXISTS ${name}`);
  }
}

for (const size of values.sizes!.split(',').map(Number)) {
  console.error(`pg-catalog: measuring ${size} articles`);
  console.log(JSON.stringify(await measure(size), null, 2));
}
