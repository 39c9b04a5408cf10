import { mkdir, rename, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../helpers/logger.js';
import { POSTGRES_SKIP } from '../contract/backends.js';
import { type Bench, type FolderBackend, openRun, tempFolder } from './folder-helpers.js';

let bench: Bench;

beforeEach(async () => {
  bench = await tempFolder();
});

afterEach(async () => {
  await bench.cleanup();
});

const reasonsOf = (warnings: LogLine[]) =>
  Object.fromEntries(warnings.map((w) => [String(w.file).split('/').pop(), w.reason]));

// The sync speaks to the catalog interface only, so the same tests run on PostgreSQL too.
const BACKENDS: [FolderBackend, string | undefined][] = [['sqlite', undefined], ['postgres', POSTGRES_SKIP]];

for (const [backend, skip] of BACKENDS) describe.skipIf(skip !== undefined)(`folder sync at start (${backend})${skip ? ` skipped: ${skip}` : ''}`, () => {

  it('imports good files and skips each bad one with one warning naming it and the reason', async () => {
    await bench.write('good.txt', 'Good title\n\nGood body.');
    await bench.write('also-good.md', '---\npublished: 2026-10-01\n---\nAlso good\n\nBody.');
    await bench.write('empty.txt', '');
    await bench.write('binary.txt', Buffer.from([0, 1, 2, 3]));
    await bench.write('latin1.txt', Buffer.from([0x54, 0xe9, 0x0a, 0x0a, 0x42]));
    await bench.write('notitle.txt', '\n\n\n');
    await bench.write('broken.md', '---\nurl: [\n---\nT\n\nB');
    await bench.write('notes.json', '{}');
    await mkdir(join(bench.dir, 'folder.md'));
    await writeFile(join(bench.dir, '.hidden.txt'), 'ignored\n\nquietly');
    const run = await openRun(backend, bench);

    const totals = await run.sync.syncAll();

    expect((await run.catalog.latest(10)).map((a) => a.id).sort()).toEqual(['also-good', 'good']);
    expect(reasonsOf(run.warnings())).toEqual({
      'empty.txt': 'file is empty',
      'binary.txt': 'file is binary (contains NUL bytes)',
      'latin1.txt': 'file is not valid UTF-8',
      'notitle.txt': 'no title (the first line must be the title)',
      'broken.md': expect.stringContaining('front matter is not valid YAML'),
      'notes.json': 'not an article file (expected .txt or .md)',
      'folder.md': 'is not a regular file',
    });
    expect(run.warnings()).toHaveLength(7);
    expect(totals).toMatchObject({ files: 9, added: 2, skipped: 7 });
  });

  it('skips a file over the size limit without reading it, and an unreadable one without stopping', async () => {
    await bench.write('huge.txt', `Huge\n\n${'word '.repeat(300)}`);
    await bench.write('locked.txt', 'Locked\n\nBody.');
    await bench.write('open.txt', 'Open\n\nBody.');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const { readFileSync } = await import('node:fs');
    const run = await openRun(backend, bench, { maxBytes: 1000, reader: { readFile: async (path) => (path.endsWith('locked.txt') ? Promise.reject(denied) : readFileSync(path)) } });

    await run.sync.syncAll();

    expect((await run.catalog.latest(10)).map((a) => a.id)).toEqual(['open']);
    expect(run.reader.reads).not.toContain('huge.txt');
    expect(reasonsOf(run.warnings())).toEqual({
      'huge.txt': expect.stringContaining('over the 1000-byte limit'),
      'locked.txt': 'file is not readable (permission denied)',
    });
  });

  it('restarting over an unchanged folder reads no file, and repeats the warnings for bad ones', async () => {
    await bench.write('one.txt', 'One\n\nBody one.');
    await bench.write('two.md', 'Two\n\nBody two.');
    await bench.write('bad.txt', '');
    await (await openRun(backend, bench)).sync.syncAll();

    const restart = await openRun(backend, bench);
    const totals = await restart.sync.syncAll();

    expect(restart.reader.reads).toEqual([]);
    expect(totals).toMatchObject({ files: 3, added: 0, updated: 0, removed: 0, skipped: 1 });
    expect(reasonsOf(restart.warnings())).toEqual({ 'bad.txt': 'file is empty' });
    expect(await restart.catalog.count()).toBe(2);
  });

  it('applies what changed while the bot was down: added, edited, touched, deleted and renamed files', async () => {
    for (const name of ['edited', 'touched', 'deleted', 'renamed', 'moved']) await bench.write(`${name}.txt`, `${name} title\n\nThe ${name} body.`);
    await (await openRun(backend, bench)).sync.syncAll();

    await bench.write('added.txt', 'Added title\n\nThe added body.');
    await bench.write('edited.txt', 'Edited title, revised\n\nThe edited body, revised.');
    const later = new Date(Date.now() + 60_000);
    await utimes(join(bench.dir, 'touched.txt'), later, later);
    await unlink(join(bench.dir, 'deleted.txt'));
    await rename(join(bench.dir, 'renamed.txt'), join(bench.dir, 'renamed-again.txt'));
    await rename(join(bench.dir, 'moved.txt'), join(bench.dir, 'moved.md'));
    const restart = await openRun(backend, bench);
    await restart.sync.syncAll();

    expect(restart.reader.reads.sort()).toEqual(['added.txt', 'edited.txt', 'moved.md', 'renamed-again.txt', 'touched.txt']);
    expect(restart.changes.filter((c) => c.kind !== 'skipped').sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { kind: 'added', id: 'added' },
      { kind: 'added', id: 'renamed-again' },
      { kind: 'removed', id: 'deleted' },
      { kind: 'removed', id: 'renamed' },
      { kind: 'updated', id: 'edited' },
    ]);
    expect((await restart.catalog.get('edited'))?.title).toBe('Edited title, revised');
    expect((await restart.catalog.get('moved'))?.title).toBe('moved title');
    expect(await restart.catalog.search('deleted', { limit: 5 })).toEqual([]);
    expect(await restart.catalog.count()).toBe(5);
    // A third start has nothing left to read.
    const third = await openRun(backend, bench);
    await third.sync.syncAll();
    expect(third.reader.reads).toEqual([]);
  });

  it('dates an article without a published date by its first sighting, which survives edits and a delete and restore', async () => {
    const firstSeen = bench.clock.now();
    await bench.write('plain.txt', 'Plain\n\nBody.');
    await (await openRun(backend, bench)).sync.syncAll();
    bench.clock.advance(3_600_000);
    await unlink(join(bench.dir, 'plain.txt'));
    const run = await openRun(backend, bench);
    await run.sync.syncAll();
    expect(await run.catalog.get('plain')).toBeUndefined();

    bench.clock.advance(3_600_000);
    await bench.write('plain.txt', 'Plain, restored\n\nBody again.');
    await run.sync.syncAll();

    const article = await run.catalog.get('plain');
    expect(article?.publishedAt).toEqual(firstSeen);
    expect(article?.firstSeenAt).toEqual(firstSeen);
    expect((await stat(join(bench.dir, 'plain.txt'))).mtime).not.toEqual(firstSeen);
  });

  it('keeps the last good version when a loaded article becomes bad, and says so at every start', async () => {
    await bench.write('story.txt', 'Story\n\nGood body.');
    await (await openRun(backend, bench)).sync.syncAll();
    await bench.write('story.txt', '');

    const run = await openRun(backend, bench);
    await run.sync.syncAll();
    expect((await run.catalog.get('story'))?.body).toBe('Good body.');
    expect(run.warnings()).toMatchObject([{ msg: 'skipped article file; kept the previous version', reason: 'file is empty' }]);

    const again = await openRun(backend, bench);
    await again.sync.syncAll();
    expect(again.reader.reads).toEqual([]);
    expect(again.warnings()).toMatchObject([{ msg: 'skipped article file; kept the previous version' }]);
    // Deleting the bad file still removes the article it held.
    await unlink(join(bench.dir, 'story.txt'));
    await again.sync.syncAll();
    expect(await again.catalog.get('story')).toBeUndefined();
  });

  it('prefers x.md over x.txt, warns naming both, and lets either go without losing the article', async () => {
    await bench.write('x.txt', 'Plain version\n\nText body.');
    await bench.write('x.md', 'Markdown version\n\nMarkdown body.');
    const run = await openRun(backend, bench);
    await run.sync.syncAll();
    expect((await run.catalog.get('x'))?.title).toBe('Markdown version');
    expect(run.warnings()).toMatchObject([{ file: join(bench.dir, 'x.txt'), reason: 'x.md has the same article id and is used instead' }]);

    await unlink(join(bench.dir, 'x.txt'));
    await run.sync.syncAll();
    expect((await run.catalog.get('x'))?.title).toBe('Markdown version');

    await bench.write('x.txt', 'Plain version\n\nText body.');
    await unlink(join(bench.dir, 'x.md'));
    await run.sync.syncAll();
    expect((await run.catalog.get('x'))?.title).toBe('Plain version');
    expect(run.changes.filter((c) => c.kind === 'removed')).toEqual([]);
  });

  it('follows a symbolic link only when it leads inside the folder', async () => {
    await mkdir(join(bench.dir, 'store'));
    await writeFile(join(bench.dir, 'store', 'inside.txt'), 'Inside\n\nBody.');
    await writeFile(join(bench.root, 'outside.txt'), 'Outside\n\nBody.');
    await symlink(join(bench.dir, 'store', 'inside.txt'), join(bench.dir, 'linked.txt'));
    await symlink(join(bench.root, 'outside.txt'), join(bench.dir, 'escape.txt'));
    const run = await openRun(backend, bench);
    await run.sync.syncAll();
    expect(await run.catalog.get('linked')).toMatchObject({ title: 'Inside' });
    expect(await run.catalog.get('escape')).toBeUndefined();
    expect(reasonsOf(run.warnings())).toEqual({ 'escape.txt': 'symbolic link points outside the articles folder', store: 'is not a regular file' });
  });

  it('creates a missing folder and imports nothing', async () => {
    const { rm } = await import('node:fs/promises');
    await rm(bench.dir, { recursive: true });
    const run = await openRun(backend, bench);
    expect(await run.sync.syncAll()).toMatchObject({ files: 0, added: 0 });
    expect((await stat(bench.dir)).isDirectory()).toBe(true);
  });
});
