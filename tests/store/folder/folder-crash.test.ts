import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/store/database.js';
import { NodeProcess } from '../../e2e/node-process.js';
import { type Bench, startRun, tempFolder } from './folder-helpers.js';

let bench: Bench;

beforeEach(async () => {
  bench = await tempFolder();
});

afterEach(async () => {
  await bench.cleanup();
});

async function writeArticles(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `story-${String(i).padStart(4, '0')}`;
    await bench.write(`${id}.${i % 2 ? 'txt' : 'md'}`, `Story number ${i} about ${i % 3 ? 'harbours' : 'bridges'}\n\nBody of story ${i}, word${i}.`);
  }
}

/** Everything that must agree after any number of committed batches. */
function consistency(db: Database) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    articles: one('SELECT count(*) AS n FROM articles'),
    keys: one('SELECT count(*) AS n FROM article_keys'),
    words: one('SELECT count(*) AS n FROM article_words_docsize'),
    titles: one('SELECT count(*) AS n FROM article_titles_docsize'),
    files: one("SELECT count(*) AS n FROM source_files WHERE state = 'indexed'"),
    vocabulary: db.prepare('SELECT term, docs FROM search_terms WHERE docs > 0 ORDER BY term').all(),
  };
}

describe('an import interrupted in the middle', () => {
  it('resumes from the last committed batch without losing or doubling an article', async () => {
    await writeArticles(120);
    let batches = 0;
    const failing = startRun(bench, {
      batchSize: 10,
      catalog: (catalog) => {
        const wrapped = Object.create(catalog) as typeof catalog;
        wrapped.applyBatch = async (origin, ops) => {
          if (++batches === 5) throw new Error('the process died here');
          return catalog.applyBatch(origin, ops);
        };
        return wrapped;
      },
    });
    await expect(failing.sync.syncAll()).rejects.toThrow('the process died here');
    expect(consistency(failing.db)).toMatchObject({ articles: 40, keys: 40, words: 40, titles: 40, files: 40 });
    failing.db.close();

    const resumed = startRun(bench, { batchSize: 10 });
    const totals = await resumed.sync.syncAll();
    expect(totals).toMatchObject({ added: 80, updated: 0, removed: 0 });
    expect(resumed.reader.reads).toHaveLength(80);
    const after = consistency(resumed.db);
    expect(after).toMatchObject({ articles: 120, keys: 120, words: 120, titles: 120, files: 120 });

    // The same as an import that never failed, down to the vocabulary counts.
    const cleanBench = { ...bench, dbPath: `${bench.dbPath}.clean` };
    const clean = startRun(cleanBench, { batchSize: 10 });
    await clean.sync.syncAll();
    expect(after).toEqual(consistency(clean.db));
    expect((await resumed.catalog.search('harbours', { limit: 100 })).length).toBe(80);
  });

  it('survives the importing process being killed at any point', async () => {
    await writeArticles(300);
    const child = new NodeProcess(
      spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/folder-importer.ts', bench.dir, bench.dbPath], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    await child.waitForOutput(/(committed\n){3}/);
    child.child.kill('SIGKILL');
    await child.exited;

    const resumed = startRun(bench);
    const before = consistency(resumed.db);
    expect(before.files).toBeLessThan(300);
    expect(before.articles).toBe(before.words);
    expect(before.articles).toBe(before.files);
    await resumed.sync.syncAll();
    expect(consistency(resumed.db)).toMatchObject({ articles: 300, keys: 300, words: 300, titles: 300, files: 300 });
    expect(resumed.reader.reads.length).toBe(300 - before.files);
  });
});
