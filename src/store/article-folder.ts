// Reads the articles folder into the library and keeps it in step with the folder while the bot runs.
// A bad file is skipped with one warning naming it and the reason; it never stops loading, and a bad
// edit of an article already loaded keeps the last good version.
import { type FSWatcher, readFileSync, statSync, watch } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Article } from '../core/article.js';
import type { ArticleLibrary } from '../core/library.js';
import { articleIdFromFileName, DEFAULT_MAX_ARTICLE_BYTES, parseArticleFile, type ParseResult } from '../core/parse-article.js';
import type { Logger } from '../logger.js';

/** The file system calls the loader uses; tests swap in failing ones (root can read any file). */
export interface FileReader {
  stat: (path: string) => Promise<{ isFile(): boolean; size: number; mtime: Date }>;
  readFile: (path: string) => Promise<Uint8Array>;
}

const nodeReader: FileReader = { stat, readFile };

/**
 * The start-up load reads synchronously: it runs before the Discord client exists, so nothing waits on
 * the event loop, and thousands of thread-pool round trips cost more than the reads themselves
 * (10,000 articles on 2 cores: about 1.1 s of the load; see npm run bench). The watcher stays async.
 */
const startupReader: FileReader = { stat: async (path) => statSync(path), readFile: async (path) => readFileSync(path) };

export interface FolderOptions {
  dir: string;
  logger: Logger;
  maxBytes?: number;
  reader?: FileReader;
}

const READ_CONCURRENCY = 32;

/** Editor swap files, hidden files and backups are not articles and not worth a warning. */
function isIgnored(fileName: string): boolean {
  return fileName.startsWith('.') || fileName.endsWith('~') || fileName.endsWith('.swp') || fileName.endsWith('.tmp');
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'file is not readable (permission denied)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `file could not be read (${code ?? (error as Error).message})`;
}

/** Reads and parses one file; missing files come back as undefined. */
export async function readArticleFile(
  dir: string,
  fileName: string,
  maxBytes = DEFAULT_MAX_ARTICLE_BYTES,
  reader: FileReader = nodeReader,
): Promise<ParseResult | undefined> {
  const path = join(dir, fileName);
  try {
    const info = await reader.stat(path);
    if (!info.isFile()) return { ok: false, reason: 'is not a regular file' };
    // Checked before reading so a huge file is never loaded into memory.
    if (info.size > maxBytes) return { ok: false, reason: `file is ${info.size} bytes, over the ${maxBytes}-byte limit` };
    const bytes = await reader.readFile(path);
    return parseArticleFile({ fileName, bytes, modifiedAt: info.mtime, maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { ok: false, reason: describeError(error) };
  }
}

/** Loads every article in the folder. A missing folder is created (when `create`) or treated as empty. */
export async function loadArticleFolder({ dir, logger, maxBytes, reader = startupReader }: FolderOptions, create = false): Promise<Article[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => !isIgnored(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the articles folder ${dir}: ${describeError(error)}`);
    logger.warn({ dir }, create ? 'articles folder is missing; created an empty one' : 'articles folder is missing; no articles loaded');
    if (create) await mkdir(dir, { recursive: true });
    return [];
  }
  const articles: Article[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const fileName = names[next++]!;
      const result = await readArticleFile(dir, fileName, maxBytes, reader);
      if (result?.ok) articles.push(result.article);
      else if (result) logger.warn({ file: join(dir, fileName), reason: result.reason }, 'skipped article file');
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
  return articles;
}

export type FolderChange = { kind: 'added' | 'updated' | 'removed'; id: string } | { kind: 'skipped'; file: string; reason: string };

export interface FolderWatcher {
  close(): void;
  /** Settles when every change seen so far has been applied (for tests and shutdown). */
  idle(): Promise<void>;
}

/**
 * Applies additions, edits and deletions in the folder to the library. Events for one file are
 * coalesced for `debounceMs` so a file written in several chunks is read once, complete.
 */
export function watchArticleFolder(
  library: ArticleLibrary,
  { dir, logger, maxBytes, reader }: FolderOptions,
  { debounceMs = 75, onChange }: { debounceMs?: number; onChange?: (change: FolderChange) => void } = {},
): FolderWatcher {
  const pending = new Map<string, NodeJS.Timeout>();
  let work: Promise<void> = Promise.resolve();

  const apply = async (fileName: string): Promise<void> => {
    const id = articleIdFromFileName(fileName);
    const result = await readArticleFile(dir, fileName, maxBytes, reader);
    if (result === undefined) {
      if (id !== undefined && library.remove(id)) {
        logger.info({ id }, 'article removed');
        onChange?.({ kind: 'removed', id });
      }
      return;
    }
    if (result.ok) {
      const added = library.upsert(result.article);
      logger.info({ id: result.article.id }, added ? 'article added' : 'article updated');
      onChange?.({ kind: added ? 'added' : 'updated', id: result.article.id });
      return;
    }
    const kept = id !== undefined && library.has(id);
    logger.warn({ file: join(dir, fileName), reason: result.reason }, kept ? 'skipped article file; kept the previous version' : 'skipped article file');
    onChange?.({ kind: 'skipped', file: fileName, reason: result.reason });
  };

  const rescan = async (): Promise<void> => {
    const names = new Set((await readdir(dir).catch(() => [] as string[])).filter((name) => !isIgnored(name)));
    const present = new Set([...names].map(articleIdFromFileName));
    for (const article of [...library.all()]) {
      if (!present.has(article.id) && library.remove(article.id)) onChange?.({ kind: 'removed', id: article.id });
    }
    for (const name of names) await apply(name);
  };

  const schedule = (fileName: string | null): void => {
    const key = fileName ?? '';
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        // Applied one at a time, in order, so a quick add-then-delete ends in the right state.
        work = work
          .then(() => (fileName === null ? rescan() : isIgnored(fileName) ? undefined : apply(fileName)))
          .catch((error: unknown) => logger.error({ err: error, file: fileName }, 'applying an article change failed'));
      }, debounceMs),
    );
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, fileName) => schedule(fileName ? String(fileName) : null));
    watcher.on('error', (error) => logger.error({ err: error, dir }, 'watching the articles folder failed; restart to resume'));
  } catch (error) {
    logger.error({ err: error, dir }, 'cannot watch the articles folder; changes need a restart');
  }

  return {
    close() {
      watcher?.close();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
    async idle() {
      while (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, debounceMs));
      await work;
    },
  };
}
