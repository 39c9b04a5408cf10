// Time from a new file landing in ARTICLES_DIR to it being searchable in the catalog, through the
// folder source's own watcher, against the obvious alternative: a full sync of the folder.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../src/logger.js';
import type { ArticleCatalog } from '../../src/store/catalog/types.js';
import { FolderSync } from '../../src/store/folder/folder-sync.js';
import { startFolderSource } from '../../src/store/folder/folder-watch.js';
import { summarizeSamples, type Summary } from './measure.js';

/** The folder source's default debounce: a write is applied this long after the last event for the file. */
export const WATCH_DEBOUNCE_MS = 75;
const GIVE_UP_MS = 5000;

export interface WatchFigures {
  toSearchable: Summary;
  /** Rounds where the file never became searchable within GIVE_UP_MS (should be 0). */
  missed: number;
  /** A full sync of the folder (every file listed and compared, nothing changed). */
  reloadAllMs: number;
}

export async function measureWatch(catalog: ArticleCatalog, dir: string, logger: Logger, rounds = 10): Promise<WatchFigures> {
  let waiting: { id: string; word: string; done: (ms: number) => void } | undefined;
  const source = startFolderSource({
    dir,
    logger,
    catalog,
    onChange: (change) => {
      const target = waiting;
      if (!target || change.kind !== 'added' || change.id !== target.id) return;
      // Searchable means the bot's own search finds it, not just that the watcher said "added".
      void catalog.search(target.word, { limit: 5 }).then((hits) => {
        if (hits.some((hit) => hit.article.id === target.id)) target.done(performance.now());
      });
    },
  });
  await source.synced;
  const samples: number[] = [];
  let missed = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const id = `bench-watch-${round}`;
      const word = `zqwatch${round}marker`;
      const text = `Watched file ${round} arrives\n\nA late story about the ${word} appeared in the folder while the bot was running. It has two sentences.\n`;
      const found = new Promise<number | undefined>((resolve) => {
        waiting = { id, word, done: resolve };
        setTimeout(() => resolve(undefined), GIVE_UP_MS).unref();
      });
      const start = performance.now();
      await writeFile(join(dir, `${id}.txt`), text);
      const end = await found;
      waiting = undefined;
      if (end === undefined) missed++;
      else samples.push(end - start);
      // Let the watcher settle so one round's events never spill into the next.
      await sleep(WATCH_DEBOUNCE_MS * 2);
    }
    for (let round = 0; round < rounds; round++) await rm(join(dir, `bench-watch-${round}.txt`), { force: true });
    await sleep(WATCH_DEBOUNCE_MS * 2);
    await source.idle();
  } finally {
    await source.close();
  }
  // A sync of its own: the closed source's sync has stopped for good.
  const start = performance.now();
  await new FolderSync({ dir, logger, catalog }).syncAll();
  return { toSearchable: summarizeSamples(samples), missed, reloadAllMs: performance.now() - start };
}
