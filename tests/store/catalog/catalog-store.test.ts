// The catalog's plain bookkeeping on both backends: batches and their outcomes, paging, lookups by a
// button's hash, the source files' records and the stored summaries.
import { expect, it } from 'vitest';
import { articleRefHash } from '../../../src/core/custom-ids.js';
import type { SourceFile } from '../../../src/store/catalog/types.js';
import { makeArticle } from '../../helpers/articles.js';
import { catalogSuite } from './catalog-suite.js';

const seenAt = new Date('2026-11-01T00:00:00Z');
const file = (path: string, extra: Partial<SourceFile> = {}): SourceFile => ({ path, articleId: path.replace(/\.\w+$/, ''), size: 10, mtimeMs: 1000.5, hash: `h-${path}`, state: 'indexed', reason: null, ...extra });

catalogSuite('catalog bookkeeping', (open) => {
  it('reports each change of a batch in order, a put and a drop of one id included', async () => {
    const { catalog } = await open();
    const a = makeArticle({ id: 'a' });
    const b = makeArticle({ id: 'b' });
    const result = await catalog.applyBatch('folder', [
      { op: 'put-article', incoming: { article: a, seenAt } },
      { op: 'put-article', incoming: { article: b, seenAt } },
      { op: 'put-article', incoming: { article: a, seenAt } },
      { op: 'drop-article', id: 'b' },
      { op: 'drop-article', id: 'never' },
      { op: 'put-article', incoming: { article: { ...a, title: 'A, edited' }, seenAt } },
    ]);
    expect(result).toEqual({
      upserts: [
        { id: 'a', outcome: 'added' },
        { id: 'b', outcome: 'added' },
        { id: 'a', outcome: 'unchanged' },
        { id: 'a', outcome: 'updated' },
      ],
      removed: ['b'],
    });
    expect((await catalog.get('a'))?.title).toBe('A, edited');
    expect(await catalog.get('b')).toBeUndefined();
    expect([...(await catalog.firstSeen(['a', 'b'])).keys()].sort()).toEqual(['a', 'b']);
    // Another origin or server for the same content is a change.
    expect((await catalog.applyBatch('feed:1', [{ op: 'put-article', incoming: { article: { ...a, title: 'A, edited' }, seenAt } }])).upserts).toEqual([{ id: 'a', outcome: 'updated' }]);
    expect(await catalog.get('a')).toMatchObject({ origin: 'feed:1', guildId: null });
  });

  it('pages newest first across ties, and finds a long id by its button hash', async () => {
    const { catalog, fill } = await open();
    const published = new Date('2026-10-01T00:00:00Z');
    const long = 'x'.repeat(90);
    await fill(['c', 'a', 'b', long].map((id) => makeArticle({ id, publishedAt: published })));
    await fill([makeArticle({ id: 'newest', publishedAt: new Date('2026-10-02T00:00:00Z') })]);
    const first = await catalog.page(undefined, 2);
    expect(first.map((a) => a.id)).toEqual(['newest', 'a']);
    const second = await catalog.page({ publishedAt: first[1]!.publishedAt, id: first[1]!.id }, 10);
    expect(second.map((a) => a.id)).toEqual(['b', 'c', long]);
    expect((await catalog.getByRefHash(articleRefHash(long)))?.id).toBe(long);
    expect(await catalog.getByRefHash(articleRefHash('a'))).toBeUndefined();
  });

  it('keeps what it stores of an article exactly', async () => {
    const { catalog, fill } = await open();
    const article = makeArticle({ id: 'full', title: 'Zoë’s “quoted” title', body: 'Line one.\n\nLine two — with \\ and \'.', url: 'https://news.example.org/a', source: 'Ledger', author: 'Zoë Brontë', image: 'https://news.example.org/a.jpg', tags: ['transport', 'labour'] });
    await fill([article], { guildId: '100000000000000001' });
    const stored = await catalog.get('full', { guildId: '100000000000000001' });
    expect(stored).toMatchObject({ ...article, origin: 'folder', guildId: '100000000000000001', firstSeenAt: seenAt });
    expect(stored?.contentHash).toMatch(/^[\w-]{27}$/);
    expect(await catalog.count()).toBe(1);
    expect(await catalog.count({ guildId: null })).toBe(0);
    // Far from today, both ways: the times are kept to the millisecond.
    const far = [new Date('+012000-01-01T00:00:00.001Z'), new Date('1901-12-13T20:45:52.007Z'), new Date('-000100-03-01T10:00:00.009Z')];
    await fill(far.map((publishedAt, i) => makeArticle({ id: `far-${i}`, publishedAt })));
    expect((await catalog.latest(5)).filter((a) => a.id.startsWith('far-')).map((a) => a.publishedAt)).toEqual(far);
  });

  it('records source files, compares a listing with them and pages through them', async () => {
    const { catalog } = await open();
    await catalog.applyBatch('folder', [
      { op: 'put-file', file: file('a.txt') },
      { op: 'put-file', file: file('b.md') },
      { op: 'put-file', file: file('bad.txt', { articleId: null, state: 'bad', reason: 'file is empty', hash: '' }) },
      { op: 'put-file', file: file('gone.txt') },
      { op: 'drop-file', path: 'gone.txt' },
    ]);
    await catalog.applyBatch('feed:1', [{ op: 'put-file', file: file('a.txt') }]);
    expect(await catalog.countSourceFiles('folder')).toBe(3);
    expect(await catalog.sourceFiles('folder', ['a.txt', 'bad.txt', 'gone.txt'])).toEqual(new Map([['a.txt', file('a.txt')], ['bad.txt', file('bad.txt', { articleId: null, state: 'bad', reason: 'file is empty', hash: '' })]]));
    const compared = await catalog.compareSourceFiles('folder', [
      { path: 'a.txt', size: 10, mtimeMs: 1000.5 },
      { path: 'b.md', size: 11, mtimeMs: 1000.5 },
      { path: 'bad.txt', size: 10, mtimeMs: 1000.5 },
      { path: 'new.txt', size: 1, mtimeMs: 1 },
    ]);
    expect({ changed: compared.changed.sort(), known: compared.known }).toEqual({ changed: ['b.md', 'bad.txt', 'new.txt'], known: 3 });
    expect((await catalog.sourceFilePage('folder', '', 2)).map((f) => f.path)).toEqual(['a.txt', 'b.md']);
    expect((await catalog.sourceFilePage('folder', 'b.md', 2)).map((f) => f.path)).toEqual(['bad.txt']);
  });

  it('stores summaries per version and forgets them when the article changes or goes', async () => {
    const { catalog, summaries, fill } = await open();
    const article = makeArticle({ id: 'story' });
    await fill([article]);
    const hash = (await catalog.get('story'))!.contentHash;
    await summaries.put('story', hash, 'extractive', 2, ['One.', 'Two.']);
    await summaries.put('story', 'another-version', 'extractive', 2, ['Stale.']);
    expect(await summaries.get('story', hash, 'extractive', 2)).toEqual(['One.', 'Two.']);
    expect(await summaries.get('story', hash, 'extractive', 3)).toBeUndefined();
    expect(await summaries.get('story', 'another-version', 'extractive', 2)).toBeUndefined();
    // The first stored answer stays.
    await summaries.put('story', hash, 'extractive', 2, ['Other.']);
    expect(await summaries.get('story', hash, 'extractive', 2)).toEqual(['One.', 'Two.']);

    await fill([{ ...article, body: 'A new body. With new sentences.' }]);
    expect(await summaries.get('story', hash, 'extractive', 2)).toBeUndefined();
    const edited = (await catalog.get('story'))!.contentHash;
    await summaries.put('story', edited, 'extractive', 1, ['A new body.']);
    await catalog.applyBatch('folder', [{ op: 'drop-article', id: 'story' }]);
    await fill([{ ...article, body: 'A new body. With new sentences.' }]);
    expect(await summaries.get('story', edited, 'extractive', 1)).toBeUndefined();
  });
});
