// Reading one article file for the catalog: its bytes, their hash (equal bytes are never parsed
// again) and the parse. Which of two files for one id counts is decided here too: the .md file, when
// it exists, wins over the .txt file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleIdFromFileName, DEFAULT_MAX_ARTICLE_BYTES, extensionOf, parseArticleFile, type ParseResult } from '../../core/parse-article.js';
import { describeError, type ListedFile, statEntry } from './folder-listing.js';

/** How file bytes are read; tests swap in failing readers (root can read any file). */
export interface FileReader {
  readFile(path: string): Promise<Uint8Array>;
}

/**
 * Reads synchronously: files just listed are usually in the page cache, and a read of a few KB costs
 * less than a round trip through the thread pool. The sync reads a batch at a time between yields.
 */
export const syncReader: FileReader = { readFile: async (path) => readFileSync(path) };

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64url');
}

export type ReadResult =
  | { ok: true; bytes: Uint8Array; hash: string }
  | { ok: false; reason: string }
  | { ok: false; gone: true };

export async function readListed(dir: string, listed: ListedFile, reader: FileReader, maxBytes = DEFAULT_MAX_ARTICLE_BYTES): Promise<ReadResult> {
  if (listed.problem) return { ok: false, reason: listed.problem };
  // Checked before reading so a huge file is never loaded into memory.
  if (listed.size > maxBytes) return { ok: false, reason: `file is ${listed.size} bytes, over the ${maxBytes}-byte limit` };
  try {
    const bytes = await reader.readFile(join(dir, listed.name));
    return { ok: true, bytes, hash: hashBytes(bytes) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, gone: true };
    return { ok: false, reason: describeError(error) };
  }
}

/**
 * Parses a file's bytes. An article with no published date is `undated`: the catalog dates it by the
 * time its id was first seen, so the date does not move when the file is touched, copied or restored
 * (the time passed here is only a placeholder).
 */
export function parseListed(listed: ListedFile, bytes: Uint8Array, maxBytes = DEFAULT_MAX_ARTICLE_BYTES): ParseResult {
  return parseArticleFile({ fileName: listed.name, bytes, modifiedAt: new Date(0), maxBytes });
}

/** The other file name an article id can have (x.md for x.txt and back), or undefined. */
export function siblingName(name: string): string | undefined {
  const id = articleIdFromFileName(name);
  if (id === undefined) return undefined;
  return extensionOf(name) === '.md' ? `${id}.txt` : `${id}.md`;
}

export const isMarkdown = (name: string): boolean => extensionOf(name) === '.md';

/** Whether the .md file for this .txt file's id is in the folder (and so wins). */
export function markdownSiblingExists(dir: string, realDir: string, name: string): string | undefined {
  if (isMarkdown(name)) return undefined;
  const sibling = siblingName(name);
  return sibling && statEntry(dir, realDir, sibling) ? sibling : undefined;
}
