// Lists the articles folder a chunk at a time: each entry's name, size and modification time, which is
// all a restart needs to tell a changed file from an unchanged one. Streamed (opendir), so a folder of a
// million files never sits in memory as one array. A symbolic link counts only when its target resolves
// inside the folder; anything else the folder holds is reported with the reason it is not an article.
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join, sep } from 'node:path';

export interface ListedFile {
  name: string;
  size: number;
  mtimeMs: number;
  /** Why the entry cannot be an article (a folder, a link leading outside); undefined for a file. */
  problem?: string;
}

/** Editor swap files, hidden files and backups are not articles and not worth a warning. */
export function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || name.endsWith('.swp') || name.endsWith('.tmp');
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'file is not readable (permission denied)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'ELOOP') return 'symbolic link loops';
  return `file could not be read (${code ?? (error as Error).message})`;
}

/** The folder's real path, against which link targets are checked. */
export function realFolder(dir: string): string {
  return realpathSync(dir);
}

/**
 * Size and time of one entry, following a link only into the folder. Undefined when the entry is gone.
 * Synchronous: a stat of a cached inode takes microseconds, far less than a trip through the thread pool.
 */
export function statEntry(dir: string, realDir: string, name: string): ListedFile | undefined {
  const path = join(dir, name);
  try {
    let info = lstatSync(path);
    if (info.isSymbolicLink()) {
      const target = realpathSync(path);
      if (!target.startsWith(realDir + sep)) return { name, size: 0, mtimeMs: 0, problem: 'symbolic link points outside the articles folder' };
      info = statSync(target);
    }
    if (!info.isFile()) return { name, size: 0, mtimeMs: 0, problem: 'is not a regular file' };
    return { name, size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { name, size: 0, mtimeMs: 0, problem: describeError(error) };
  }
}

/** The folder's entries in chunks of about `chunkSize`, in the order the file system gives them. */
export async function* listFolder(dir: string, chunkSize = 500): AsyncGenerator<ListedFile[]> {
  const realDir = realFolder(dir);
  const folder = await opendir(dir, { bufferSize: 256 });
  let chunk: ListedFile[] = [];
  for await (const entry of folder) {
    if (isIgnored(entry.name)) continue;
    const listed = statEntry(dir, realDir, entry.name);
    if (listed) chunk.push(listed);
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Only the names, for finding files deleted while the bot was down. */
export async function listNames(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const entry of await opendir(dir, { bufferSize: 256 })) if (!isIgnored(entry.name)) names.add(entry.name);
  return names;
}
