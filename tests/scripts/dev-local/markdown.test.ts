// The sandbox page's Discord-flavoured markdown: what Discord would format is formatted, what the bot
// escaped stays literal, and nothing turns into a link that is not a web address.
import { describe, expect, it } from 'vitest';
import { escapeDiscordText } from '../../../src/core/markdown.js';
import { type Inline, parseInline, parseMarkdown, safeHref } from '../../../scripts/dev-local/web/markdown.js';

const names = {
  user: (id: string) => (id === '111111111111111111' ? 'admin' : undefined),
  role: (id: string) => (id === '222222222222222222' ? 'subscribers' : undefined),
  channel: (id: string) => (id === '333333333333333333' ? 'news' : undefined),
};
const text = (v: string): Inline => ({ t: 'text', v });

describe('parseInline', () => {
  const cases: Array<[string, Inline[]]> = [
    ['plain words', [text('plain words')]],
    ['**bold** and *it* and _it_', [{ t: 'b', c: [text('bold')] }, text(' and '), { t: 'i', c: [text('it')] }, text(' and '), { t: 'i', c: [text('it')] }]],
    ['__under__ ~~gone~~ ||secret||', [{ t: 'u', c: [text('under')] }, text(' '), { t: 's', c: [text('gone')] }, text(' '), { t: 'spoiler', c: [text('secret')] }]],
    ['***both***', [{ t: 'b', c: [{ t: 'i', c: [text('both')] }] }]],
    ['snake_case_name stays', [text('snake_case_name stays')]],
    ['`a *b*` c', [{ t: 'code', v: 'a *b*' }, text(' c')]],
    ['\\*not italic\\* \\@everyone \\<#333333333333333333\\>', [text('*not italic* @everyone <#333333333333333333>')]],
    ['@everyone and @here', [{ t: 'mention', kind: 'everyone', id: 'everyone', name: 'everyone' }, text(' and '), { t: 'mention', kind: 'everyone', id: 'here', name: 'here' }]],
    ['<@111111111111111111> <@&222222222222222222> <#333333333333333333>', [
      { t: 'mention', kind: 'user', id: '111111111111111111', name: 'admin' }, text(' '),
      { t: 'mention', kind: 'role', id: '222222222222222222', name: 'subscribers' }, text(' '),
      { t: 'mention', kind: 'channel', id: '333333333333333333', name: 'news' },
    ]],
    ['<@&999999999999999999>', [{ t: 'mention', kind: 'role', id: '999999999999999999', name: 'deleted-role' }]],
    ['next <t:1796058300:f>', [text('next '), { t: 'time', unix: 1796058300, style: 'f' }]],
    ['see [the report](https://example.org/a_b) now', [text('see '), { t: 'link', href: 'https://example.org/a_b', c: [text('the report')] }, text(' now')]],
    ['[click](javascript:alert(1))', [text('[click](javascript:alert(1))')]],
    ['at https://example.org/x_y_z.', [text('at '), { t: 'link', href: 'https://example.org/x_y_z', c: [text('https://example.org/x_y_z')] }, text('.')]],
    ['<https://example.org>', [{ t: 'link', href: 'https://example.org/', c: [text('https://example.org')] }]],
    ['line one\nline two', [text('line one'), { t: 'br' }, text('line two')]],
    ['<:wave:123456789012345678>', [text(':wave:')]],
    ['<img src=x onerror=alert(1)>', [text('<img src=x onerror=alert(1)>')]],
    ['unclosed **bold and _it', [text('unclosed **bold and _it')]],
  ];
  it.each(cases)('%j', (input, expected) => {
    expect(parseInline(input, names)).toEqual(expected);
  });

  it('shows text escaped by the bot exactly as written', () => {
    const hostile = '**Breaking** @everyone <@&222222222222222222> [x](https://evil.example) # not a heading _under_ `code`';
    const flat = (nodes: Inline[]): string => nodes.map((n) => (n.t === 'text' ? n.v : n.t === 'link' ? flat(n.c) : `{${n.t}}`)).join('');
    expect(flat(parseInline(escapeDiscordText(hostile), names))).toBe(hostile);
  });
});

describe('parseMarkdown', () => {
  it('reads headings, subtext, lists, quotes and code blocks at line starts', () => {
    const blocks = parseMarkdown('# Title\nintro\n-# small print\n- one\n2. two\n> quoted\n> more\n```ts\nconst a = 1;\n```\nafter', names);
    expect(blocks).toEqual([
      { t: 'h', level: 1, c: [text('Title')] },
      { t: 'p', c: [text('intro')] },
      { t: 'sub', c: [text('small print')] },
      { t: 'li', ordered: null, c: [text('one')] },
      { t: 'li', ordered: '2', c: [text('two')] },
      { t: 'quote', c: [{ t: 'p', c: [text('quoted'), { t: 'br' }, text('more')] }] },
      { t: 'codeblock', lang: 'ts', v: 'const a = 1;' },
      { t: 'p', c: [text('after')] },
    ]);
  });

  it('quotes the rest of the message after >>> and keeps escaped line starts literal', () => {
    expect(parseMarkdown('\\# no\n\\- no\n>>> all\nof this', names)).toEqual([
      { t: 'p', c: [text('# no'), { t: 'br' }, text('- no')] },
      { t: 'quote', c: [{ t: 'p', c: [text('all'), { t: 'br' }, text('of this')] }] },
    ]);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://example.org/a', 'https://example.org/a'],
    ['http://example.org', 'http://example.org/'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['not a url', undefined],
  ])('%s', (raw, expected) => {
    expect(safeHref(raw)).toBe(expected);
  });
});
