import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/store/catalog/sqlite-catalog.js';
import { openDatabase } from '../../../src/store/database.js';
import type { FolderChange } from '../../../src/store/folder/folder-sync.js';
import { startFolderSource } from '../../../src/store/folder/folder-watch.js';
import { captureLogger } from '../../helpers/logger.js';
import { type Bench, tempFolder } from './folder-helpers.js';

let bench: Bench;

beforeEach(async () => {
  bench = await tempFolder();
});

afterEach(async () => {
  await bench.cleanup();
});

/** A folder source whose changes a test can wait for, one at a time. */
async function watched() {
  const catalog = new SqliteCatalog(openDatabase(bench.dbPath), bench.clock);
  const changes: FolderChange[] = [];
  let notify: (() => void) | undefined;
  const source = startFolderSource({
    dir: bench.dir,
    logger: captureLogger().logger,
    catalog,
    clock: bench.clock,
    debounceMs: 10,
    onChange: (change) => {
      changes.push(change);
      notify?.();
    },
  });
  await source.synced;
  changes.length = 0;
  const next = () => new Promise<void>((resolve) => (notify = resolve));
  return { catalog, changes, source, next };
}

describe('the folder watcher', () => {
  it('applies added, edited and deleted files as they happen, and keeps the last good version on a bad edit', async () => {
    await bench.write('first.txt', 'First\n\nBody one.');
    const { catalog, changes, source, next } = await watched();
    try {
      let seen = next();
      await bench.write('second.md', 'Second story\n\nAbout tunnels.');
      await seen;
      expect((await catalog.search('tunnels', { limit: 5 }))[0]?.article.id).toBe('second');

      seen = next();
      await bench.write('first.txt', 'First, revised\n\nNew body about bridges.');
      await seen;
      expect((await catalog.get('first'))?.title).toBe('First, revised');

      seen = next();
      await bench.write('first.txt', '');
      await seen;
      expect((await catalog.get('first'))?.title).toBe('First, revised');

      seen = next();
      await unlink(join(bench.dir, 'second.md'));
      await seen;
      expect(await catalog.get('second')).toBeUndefined();
      await source.idle();
      expect(changes).toEqual([
        { kind: 'added', id: 'second' },
        { kind: 'updated', id: 'first' },
        { kind: 'skipped', file: 'first.txt', reason: 'file is empty' },
        { kind: 'removed', id: 'second' },
      ]);
    } finally {
      await source.close();
    }
  });

  it('skips a bad new file with one warning, and follows a rename', async () => {
    await bench.write('old-name.txt', 'Renamed story\n\nAbout canals.');
    const { catalog, changes, source, next } = await watched();
    try {
      let seen = next();
      await bench.write('broken.md', '---\nurl: [\n---\nT\n\nB');
      await seen;
      expect(changes).toEqual([{ kind: 'skipped', file: 'broken.md', reason: expect.stringContaining('front matter') }]);

      changes.length = 0;
      await rename(join(bench.dir, 'old-name.txt'), join(bench.dir, 'new-name.txt'));
      while (changes.length < 2) {
        seen = next();
        await seen;
      }
      await source.idle();
      expect(changes).toEqual(expect.arrayContaining([{ kind: 'removed', id: 'old-name' }, { kind: 'added', id: 'new-name' }]));
      expect((await catalog.search('canals', { limit: 5 })).map((hit) => hit.article.id)).toEqual(['new-name']);
    } finally {
      await source.close();
    }
  });

  it('closing during a first import stops it after the batch in hand, and the next start carries on', async () => {
    for (let i = 0; i < 300; i++) await bench.write(`story-${i}.txt`, `Story ${i}\n\nBody ${i}.`);
    const catalog = new SqliteCatalog(openDatabase(bench.dbPath), bench.clock);
    let closing: Promise<void> | undefined;
    const source = startFolderSource({
      dir: bench.dir,
      logger: captureLogger().logger,
      catalog,
      batchSize: 10,
      watch: false,
      onChange: () => void (closing ??= source.close()),
    });
    await source.synced;
    await closing;
    const imported = await catalog.count();
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(300);

    const again = startFolderSource({ dir: bench.dir, logger: captureLogger().logger, catalog, batchSize: 10, watch: false });
    expect(await again.synced).toMatchObject({ added: 300 - imported });
    expect(await catalog.count()).toBe(300);
  });
});
