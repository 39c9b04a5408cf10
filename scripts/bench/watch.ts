// Time from a new file landing in ARTICLES_DIR to it being searchable, through the bot's own watcher,
// against the obvious alternative: reloading and re-indexing the whole folder.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArticleLibrary } from '../../src/core/library.js';
import type { Logger } from '../../src/logger.js';
import { loadArticleFolder, watchArticleFolder } from '../../src/store/article-folder.js';
import { summarizeSamples, type Summary } from './measure.js';

/** watchArticleFolder's default debounce: a write is applied this long after the last event for the file. */
export const WATCH_DEBOUNCE_MS = 75;
const GIVE_UP_MS = 5000;

export interface WatchFigures {
  toSearchable: Summary;
  /** Rounds where the file never became searchable within GIVE_UP_MS (should be 0). */
  missed: number;
  reloadAllMs: number;
}

export async function measureWatch(library: ArticleLibrary, dir: string, logger: Logger, rounds = 10): Promise<WatchFigures> {
  let waiting: { id: string; word: string; done: (ms: number) => void } | undefined;
  const watcher = watchArticleFolder(library, { dir, logger }, {
    onChange: (change) => {
      if (!waiting || change.kind !== 'added' || change.id !== waiting.id) return;
      // Searchable means the bot's own search finds it, not just that the watcher said "added".
      if (library.search(waiting.word, 5).some((hit) => hit.article.id === waiting!.id)) waiting.done(performance.now());
    },
  });
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
  } finally {
    watcher.close();
  }
  for (let round = 0; round < rounds; round++) await rm(join(dir, `bench-watch-${round}.txt`), { force: true });
  const start = performance.now();
  new ArticleLibrary(await loadArticleFolder({ dir, logger }));
  const reloadAllMs = performance.now() - start;
  return { toSearchable: summarizeSamples(samples), missed, reloadAllMs };
}
