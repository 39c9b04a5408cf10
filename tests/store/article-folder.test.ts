import { mkdtemp, rm, writeFile, mkdir, unlink, stat, readFile, rename, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArticleLibrary } from '../../src/core/library.js';
import { admitWithFirstSeen, type FolderChange, loadArticleFolder, watchArticleFolder } from '../../src/store/article-folder.js';
import { captureLogger, WARN } from '../helpers/logger.js';

let dir: string;

/** Writes through a hidden temp file and a rename, so the watcher never sees a half-written file. */
async function writeAtomically(name: string, text: string): Promise<void> {
  await writeFile(join(dir, `.${name}.partial`), text);
  await rename(join(dir, `.${name}.partial`), join(dir, name));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-articles-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadArticleFolder', () => {
  it('loads good files and skips each bad one with one warning naming it and the reason', async () => {
    await writeFile(join(dir, 'good.txt'), 'Good title\n\nGood body.');
    await writeFile(join(dir, 'also-good.md'), '---\npublished: 2026-10-01\n---\nAlso good\n\nBody.');
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3]));
    await writeFile(join(dir, 'latin1.txt'), Buffer.from([0x54, 0xe9, 0x0a, 0x0a, 0x42]));
    await writeFile(join(dir, 'notitle.txt'), '\n\n\n');
    await writeFile(join(dir, 'broken.md'), '---\nurl: [\n---\nT\n\nB');
    await writeFile(join(dir, 'huge.txt'), `Huge\n\n${'word '.repeat(300)}`);
    await mkdir(join(dir, 'folder.md'));
    await writeFile(join(dir, '.hidden.txt'), 'ignored\n\nquietly');
    const { logger, lines } = captureLogger();

    const articles = await loadArticleFolder({ dir, logger, maxBytes: 1000 });

    expect(articles.map((a) => a.id).sort()).toEqual(['also-good', 'good']);
    const warnings = lines.filter((line) => line.level === WARN);
    const reasons = Object.fromEntries(warnings.map((w) => [String(w.file).split('/').pop(), w.reason]));
    expect(reasons).toEqual({
      'empty.txt': 'file is empty',
      'binary.txt': 'file is binary (contains NUL bytes)',
      'latin1.txt': 'file is not valid UTF-8',
      'notitle.txt': 'no title (the first line must be the title)',
      'broken.md': expect.stringContaining('front matter is not valid YAML'),
      'huge.txt': expect.stringContaining('over the 1000-byte limit'),
      'folder.md': 'is not a regular file',
    });
    expect(warnings).toHaveLength(7);
  });

  it('skips an unreadable file without stopping', async () => {
    await writeFile(join(dir, 'locked.txt'), 'Locked\n\nBody.');
    await writeFile(join(dir, 'open.txt'), 'Open\n\nBody.');
    const { logger, lines } = captureLogger();
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const reader = {
      stat,
      readFile: async (path: string) => (path.endsWith('locked.txt') ? Promise.reject(denied) : readFile(path)),
    };

    const articles = await loadArticleFolder({ dir, logger, reader });

    expect(articles.map((a) => a.id)).toEqual(['open']);
    expect(lines.find((line) => line.level === WARN)).toMatchObject({ reason: 'file is not readable (permission denied)' });
  });

  it('uses the file modification time when there is no published date', async () => {
    await writeFile(join(dir, 'plain.txt'), 'Plain\n\nBody.');
    const [article] = await loadArticleFolder({ dir, logger: captureLogger().logger });
    expect(article!.publishedAt.getTime()).toBe((await stat(join(dir, 'plain.txt'))).mtime.getTime());
  });

  it('treats a missing folder as empty, creates it when asked, or stops naming it when it was configured', async () => {
    const missing = join(dir, 'nope');
    await expect(loadArticleFolder({ dir: missing, logger: captureLogger().logger }, 'fail')).rejects.toThrow(`The articles folder ${missing} (ARTICLES_DIR) does not exist`);
    expect(await loadArticleFolder({ dir: missing, logger: captureLogger().logger })).toEqual([]);
    await expect(stat(missing)).rejects.toThrow();
    expect(await loadArticleFolder({ dir: missing, logger: captureLogger().logger }, 'create')).toEqual([]);
    expect((await stat(missing)).isDirectory()).toBe(true);
  });
});

describe('watchArticleFolder', () => {
  it('picks up added, edited and deleted files while running, and keeps the last good version on a bad edit', async () => {
    await writeFile(join(dir, 'first.txt'), 'First\n\nBody one.');
    const { logger } = captureLogger();
    const library = new ArticleLibrary(await loadArticleFolder({ dir, logger }));
    const changes: FolderChange[] = [];
    let notify: (() => void) | undefined;
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    const watcher = watchArticleFolder(library, { dir, logger }, { debounceMs: 10, onChange: (change) => { changes.push(change); notify?.(); } });
    try {
      let seen = next();
      await writeAtomically('second.md', 'Second story\n\nAbout tunnels.');
      await seen;
      expect(library.search('tunnels')[0]?.article.id).toBe('second');

      seen = next();
      await writeAtomically('first.txt', 'First, revised\n\nNew body about bridges.');
      await seen;
      expect(library.get('first')?.title).toBe('First, revised');

      seen = next();
      await writeAtomically('first.txt', '');
      await seen;
      expect(library.get('first')?.title).toBe('First, revised');

      seen = next();
      await unlink(join(dir, 'second.md'));
      await seen;
      expect(library.get('second')).toBeUndefined();
      await watcher.idle();
      expect(changes).toEqual([
        { kind: 'added', id: 'second' },
        { kind: 'updated', id: 'first' },
        { kind: 'skipped', file: 'first.txt', reason: 'file is empty' },
        { kind: 'removed', id: 'second' },
      ]);
    } finally {
      watcher.close();
    }
  });
});

describe('library hygiene', () => {
  it('follows a link only to a file inside the folder; a link outside is skipped with a warning', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'news-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'root:x:0:0\n\nNot an article.');
      await mkdir(join(dir, 'sub'));
      await writeFile(join(dir, 'sub', 'real.txt'), 'Inside story\n\nKept inside the folder.');
      await symlink(join(outside, 'secret.txt'), join(dir, 'passwd.txt'));
      await symlink(join(dir, 'sub', 'real.txt'), join(dir, 'linked.txt'));
      const { logger, lines } = captureLogger();
      const articles = await loadArticleFolder({ dir, logger });
      expect(articles.map((a) => a.id)).toEqual(['linked']);
      const warnings = lines.filter((l) => l.level === WARN).map((l) => [String(l.file).split('/').pop(), l.reason]);
      expect(warnings).toContainEqual(['passwd.txt', 'is a link to a file outside the articles folder']);
      expect(warnings).toHaveLength(2);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('two files for one id: the .md is used, a warning names both, and deleting the .txt keeps the article', async () => {
    await writeFile(join(dir, 'story.md'), 'Markdown title\n\nFrom the md file.');
    await writeFile(join(dir, 'story.txt'), 'Text title\n\nFrom the txt file.');
    const { logger, lines } = captureLogger();
    const library = new ArticleLibrary(await loadArticleFolder({ dir, logger }));
    expect(library.get('story')?.title).toBe('Markdown title');
    const warning = lines.find((l) => l.level === WARN)!;
    expect([String(warning.file).split('/').pop(), String(warning.used).split('/').pop()]).toEqual(['story.txt', 'story.md']);

    const changes: FolderChange[] = [];
    let notify: (() => void) | undefined;
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    const watcher = watchArticleFolder(library, { dir, logger }, { debounceMs: 10, onChange: (change) => { changes.push(change); notify?.(); } });
    try {
      let seen = next();
      await unlink(join(dir, 'story.txt'));
      await seen;
      expect(library.get('story')?.title).toBe('Markdown title');
      seen = next();
      await writeFile(join(dir, 'story.txt'), 'Text title again\n\nFrom the txt file.');
      await unlink(join(dir, 'story.md'));
      await seen;
      await watcher.idle();
      // With the .md gone, the .txt gives the article.
      expect(library.get('story')?.title).toBe('Text title again');
    } finally {
      watcher.close();
    }
  });

  it('an undated file is dated by its first sighting, which later edits and restarts keep', async () => {
    await writeFile(join(dir, 'plain.txt'), 'Plain\n\nBody.');
    await writeFile(join(dir, 'dated.md'), '---\npublished: 2026-10-01T08:00:00Z\n---\nDated\n\nBody.');
    const seen = new Map<string, Date>();
    const admit = admitWithFirstSeen(async (ids) => {
      for (const id of ids) if (!seen.has(id)) seen.set(id, new Date('2026-11-20T09:00:00Z'));
      return seen;
    });
    const first = await loadArticleFolder({ dir, logger: captureLogger().logger, admit });
    expect(Object.fromEntries(first.map((a) => [a.id, [a.publishedAt.toISOString(), a.firstSeenAt?.toISOString()]]))).toEqual({
      plain: ['2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.000Z'],
      dated: ['2026-10-01T08:00:00.000Z', '2026-11-20T09:00:00.000Z'],
    });
    await writeFile(join(dir, 'plain.txt'), 'Plain, edited\n\nBody.');
    const again = await loadArticleFolder({ dir, logger: captureLogger().logger, admit });
    expect(again.find((a) => a.id === 'plain')!.publishedAt.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });
});
