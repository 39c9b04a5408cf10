import { describe, expect, it } from 'vitest';
import { articleIdFromFileName, parseArticleFile } from '../../src/core/parse-article.js';

const modifiedAt = new Date('2026-11-01T10:00:00Z');
const parse = (fileName: string, text: string | Uint8Array, maxBytes?: number) =>
  parseArticleFile({ fileName, bytes: typeof text === 'string' ? Buffer.from(text) : text, modifiedAt, ...(maxBytes ? { maxBytes } : {}) });

describe('parseArticleFile', () => {
  it('reads a .txt article: title line, blank line, paragraphs', () => {
    const result = parse('port-strike.txt', 'Port strike ends\n\nFirst paragraph\ncontinues here.\n\n\nSecond one.\n');
    expect(result).toEqual({
      ok: true,
      article: { id: 'port-strike', title: 'Port strike ends', body: 'First paragraph continues here.\n\nSecond one.', publishedAt: modifiedAt, tags: [] },
      undated: true,
    });
  });

  it('reads .md front matter and uses it over the file time', () => {
    const text = [
      '---',
      'title: Rates cut again',
      'url: https://news.example.org/rates',
      'source: Example Wire',
      'author: Zoë Brontë',
      'published: 2026-10-14T08:30:00Z',
      'tags: [economy, rates]',
      'image: https://img.example.org/a.png',
      '---',
      'Rates cut again',
      '',
      'The bank cut **rates** by _a quarter_ point, see [the statement](https://example.org).',
    ].join('\n');
    const result = parse('rates.md', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article).toMatchObject({
      id: 'rates',
      title: 'Rates cut again',
      url: 'https://news.example.org/rates',
      source: 'Example Wire',
      author: 'Zoë Brontë',
      tags: ['economy', 'rates'],
      image: 'https://img.example.org/a.png',
      body: 'The bank cut rates by a quarter point, see the statement.',
    });
    expect(result.article.publishedAt.toISOString()).toBe('2026-10-14T08:30:00.000Z');
  });

  it('accepts .md without front matter and a date-only published value', () => {
    expect(parse('a.md', '# Heading title\n\nBody.')).toMatchObject({ ok: true, article: { title: 'Heading title', body: 'Body.' } });
    const dated = parse('b.md', '---\npublished: 2026-10-14\n---\nTitle\n\nBody.');
    expect(dated.ok && dated.article.publishedAt.toISOString()).toBe('2026-10-14T00:00:00.000Z');
  });

  it('handles a byte order mark and Windows line endings', () => {
    expect(parse('w.txt', '\uFEFFTitle\r\n\r\nBody line.\r\n')).toMatchObject({ ok: true, article: { title: 'Title', body: 'Body line.' } });
  });

  it.each([
    ['empty file', 'e.txt', '', 'file is empty'],
    ['only whitespace', 'w.txt', '  \n\n \n', 'no title'],
    ['title but no body', 't.txt', 'Just a title\n\n', 'no body text'],
    ['binary with NUL bytes', 'bin.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'binary'],
    ['control characters', 'ctl.txt', 'Title\n\nBody \u0007 bell', 'control characters'],
    ['invalid UTF-8', 'latin.txt', new Uint8Array([0x54, 0x69, 0x74, 0x6c, 0xe9, 0x0a, 0x0a, 0x42]), 'not valid UTF-8'],
    ['oversized', 'big.txt', `Title\n\n${'a'.repeat(200)}`, 'over the 100-byte limit'],
    ['unclosed front matter', 'f.md', '---\ntitle: x\nTitle\n\nBody', 'no closing ---'],
    ['front matter that is not YAML', 'y.md', '---\ntitle: [unclosed\n---\nT\n\nB', 'not valid YAML'],
    ['front matter that is a list', 'l.md', '---\n- a\n- b\n---\nT\n\nB', 'key: value'],
    ['a bad url', 'u.md', '---\nurl: javascript:alert(1)\n---\nT\n\nB', 'url must be an http(s) URL'],
    ['a bad date', 'd.md', '---\npublished: next tuesday\n---\nT\n\nB', 'published must be an ISO date'],
    ['an unknown key', 'k.md', '---\ntitel: typo\n---\nT\n\nB', 'unknown key titel'],
    ['a wrong extension', 'notes.pdf', 'Title\n\nBody', 'not an article file'],
    ['a file name outside the id pattern', 'bad name!.txt', 'Title\n\nBody', 'file name must be'],
    ['a file name over 100 characters', `${'a'.repeat(101)}.txt`, 'Title\n\nBody', 'file name must be'],
  ])('skips %s with a reason', (_case, fileName, text, reason) => {
    const result = parse(fileName, text, fileName === 'big.txt' ? 100 : undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('reports every front matter problem at once', () => {
    const result = parse('m.md', '---\nurl: nope\npublished: soon\ntags: 5\n---\nT\n\nB');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/url.*published.*tags/s);
  });
});

describe('article ids', () => {
  it.each([
    ['000_709483ed939a94fe.txt', '000_709483ed939a94fe'],
    ['2026-10-14-port-strike.md', '2026-10-14-port-strike'],
    ['UPPER.MD', 'UPPER'],
    ['readme', undefined],
    ['.hidden', undefined],
  ])('%s has id %s', (fileName, id) => {
    expect(articleIdFromFileName(fileName)).toBe(id);
  });

  it.each(['../etc/passwd.txt', 'a/b.txt', 'a b.txt', 'ümlaut.txt', 'dot.dot.txt'])('refuses %s', (fileName) => {
    expect(parse(fileName, 'T\n\nB').ok).toBe(false);
  });
});
