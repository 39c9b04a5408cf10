// Reads the articles folder into the library and keeps it in step with the folder while the bot runs.
// A bad file is skipped with one warning naming it and the reason; it never stops loading, and a bad
// edit of an article already loaded keeps the last good version.
import { type FSWatcher, lstatSync, readFileSync, realpathSync, statSync, watch } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Article } from '../core/article.js';
import type { ArticleLibrary } from '../core/library.js';
import { articleIdFromFileName, DEFAULT_MAX_ARTICLE_BYTES, extensionOf, parseArticleFile, type ParseResult } from '../core/parse-article.js';
import type { Logger } from '../logger.js';

type Stats = { isFile(): boolean; isSymbolicLink(): boolean; size: number; mtime: Date };

/** The file system calls the loader uses; tests swap in failing ones (root can read any file). */
export interface FileReader {
  stat: (path: string) => Promise<Omit<Stats, 'isSymbolicLink'>>;
  lstat?: (path: string) => Promise<Stats>;
  realpath?: (path: string) => Promise<string>;
  readFile: (path: string) => Promise<Uint8Array>;
}

const nodeReader: FileReader = { stat, lstat, realpath, readFile };

/**
 * The start-up load reads synchronously: it runs before the Discord client exists, so nothing waits on
 * the event loop, and thousands of thread-pool round trips cost more than the reads themselves
 * (10,000 articles on 2 cores: about 1.1 s of the load; see npm run bench). The watcher stays async.
 */
const startupReader: FileReader = {
  stat: async (path) => statSync(path),
  lstat: async (path) => lstatSync(path),
  realpath: async (path) => realpathSync(path),
  readFile: async (path) => readFileSync(path),
};

/** A parsed article on its way into the library. */
export type Parsed = Extract<ParseResult, { ok: true }>;

/**
 * Dates and stamps parsed articles as they enter the library (their first sighting, kept in the
 * database). Without one, articles keep the placeholder date they were parsed with.
 */
export type Admit = (parsed: Parsed[]) => Promise<Article[]>;

export interface FolderOptions {
  dir: string;
  logger: Logger;
  maxBytes?: number;
  reader?: FileReader;
  admit?: Admit;
}

const READ_CONCURRENCY = 32;

const admitAsIs: Admit = async (parsed) => parsed.map((p) => p.article);

/**
 * Admits articles with their first sighting: recorded now for ids never seen before (or only looked
 * up, for tools that must not make anything new), and used as the published time of undated files.
 */
export function admitWithFirstSeen(firstSeen: (ids: string[]) => Promise<Map<string, Date>>): Admit {
  return async (parsed) => {
    const seen = await firstSeen(parsed.map((p) => p.article.id));
    return parsed.map(({ article, undated }) => {
      const at = seen.get(article.id);
      if (!at) return article;
      return { ...article, firstSeenAt: at, ...(undated ? { publishedAt: at } : {}) };
    });
  };
}

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

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
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
    // A link is followed only to a file inside the folder: a link to /etc/passwd is not an article.
    if (reader.lstat && reader.realpath && (await reader.lstat(path)).isSymbolicLink()) {
      const [target, root] = await Promise.all([reader.realpath(path), reader.realpath(dir)]);
      if (!isInside(root, target)) return { ok: false, reason: 'is a link to a file outside the articles folder' };
    }
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

/** `.md` wins over `.txt` when both give the same id. */
const PREFERENCE = ['.md', '.txt'];

/**
 * The article files in the folder, one per id: where `foo.md` and `foo.txt` both exist, `.md` is used
 * and the other is reported once through `onShadowed`.
 */
function filesById(names: string[], onShadowed: (used: string, ignored: string) => void): string[] {
  const byId = new Map<string, string[]>();
  const others: string[] = [];
  for (const name of names) {
    const id = articleIdFromFileName(name);
    if (id === undefined) others.push(name);
    else byId.set(id, [...(byId.get(id) ?? []), name]);
  }
  const chosen = [...byId.values()].map((files) => {
    files.sort((a, b) => PREFERENCE.indexOf(extensionOf(a)) - PREFERENCE.indexOf(extensionOf(b)));
    for (const ignored of files.slice(1)) onShadowed(files[0]!, ignored);
    return files[0]!;
  });
  return [...chosen, ...others].sort();
}

function warnShadowed(logger: Logger, dir: string): (used: string, ignored: string) => void {
  return (used, ignored) =>
    logger.warn({ file: join(dir, ignored), used: join(dir, used) }, 'two files give the same article id; using the .md file and ignoring the other');
}

/**
 * What to do when the folder does not exist: create it (the default folder), stop with an error naming
 * it (a folder someone configured: a typo must not run an empty bot), or read it as empty.
 */
export type MissingFolder = 'create' | 'fail' | 'empty';

export class MissingFolderError extends Error {
  constructor(dir: string) {
    super(`The articles folder ${resolve(dir)} (ARTICLES_DIR) does not exist. Create it, or point ARTICLES_DIR at your articles.`);
    this.name = 'MissingFolderError';
  }
}

/** Loads every article in the folder. */
export async function loadArticleFolder({ dir, logger, maxBytes, reader = startupReader, admit = admitAsIs }: FolderOptions, missing: MissingFolder = 'empty'): Promise<Article[]> {
  let listed: string[];
  try {
    listed = (await readdir(dir)).filter((name) => !isIgnored(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the articles folder ${dir}: ${describeError(error)}`);
    if (missing === 'fail') throw new MissingFolderError(dir);
    logger.warn({ dir }, missing === 'create' ? 'articles folder is missing; created an empty one' : 'articles folder is missing; no articles loaded');
    if (missing === 'create') await mkdir(dir, { recursive: true });
    return [];
  }
  const names = filesById(listed, warnShadowed(logger, dir));
  const parsed: Parsed[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const fileName = names[next++]!;
      const result = await readArticleFile(dir, fileName, maxBytes, reader);
      if (result?.ok) parsed.push(result);
      else if (result) logger.warn({ file: join(dir, fileName), reason: result.reason }, 'skipped article file');
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
  return admit(parsed);
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
  { dir, logger, maxBytes, reader, admit = admitAsIs }: FolderOptions,
  { debounceMs = 75, onChange }: { debounceMs?: number; onChange?: (change: FolderChange) => void } = {},
): FolderWatcher {
  const pending = new Map<string, NodeJS.Timeout>();
  let work: Promise<void> = Promise.resolve();

  const exists = (name: string): Promise<boolean> => (reader ?? nodeReader).stat(join(dir, name)).then(() => true, () => false);

  /** The file that gives `id` now (`.md` before `.txt`), or undefined when none exists. */
  const currentFileFor = async (id: string): Promise<string | undefined> => {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => !isIgnored(name) && articleIdFromFileName(name) === id);
    return filesById(names, () => undefined)[0];
  };

  const apply = async (changed: string): Promise<void> => {
    const id = articleIdFromFileName(changed);
    let fileName: string | undefined = changed;
    if (id !== undefined) {
      // Answered by the file that gives the id now: deleting the ignored .txt keeps the article, and
      // deleting the .md falls back to the .txt. An edit of the ignored file changes nothing.
      fileName = await currentFileFor(id);
      if (fileName !== undefined && fileName !== changed && (await exists(changed))) {
        warnShadowed(logger, dir)(fileName, changed);
        return;
      }
    }
    const result = fileName === undefined ? undefined : await readArticleFile(dir, fileName, maxBytes, reader);
    if (result === undefined) {
      if (id !== undefined && library.remove(id)) {
        logger.info({ id }, 'article removed');
        onChange?.({ kind: 'removed', id });
      }
      return;
    }
    if (result.ok) {
      const [article] = await admit([result]);
      const added = library.upsert(article!);
      logger.info({ id: article!.id }, added ? 'article added' : 'article updated');
      onChange?.({ kind: added ? 'added' : 'updated', id: article!.id });
      return;
    }
    const kept = id !== undefined && library.has(id);
    logger.warn({ file: join(dir, fileName ?? changed), reason: result.reason }, kept ? 'skipped article file; kept the previous version' : 'skipped article file');
    onChange?.({ kind: 'skipped', file: fileName ?? changed, reason: result.reason });
  };

  const rescan = async (): Promise<void> => {
    const names = new Set((await readdir(dir).catch(() => [] as string[])).filter((name) => !isIgnored(name)));
    const present = new Set([...names].map(articleIdFromFileName));
    for (const article of [...library.all()]) {
      if (!present.has(article.id) && library.remove(article.id)) onChange?.({ kind: 'removed', id: article.id });
    }
    for (const name of filesById([...names], () => undefined)) await apply(name);
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
