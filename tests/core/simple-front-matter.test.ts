import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleFrontMatter } from '../../src/core/simple-front-matter.js';

describe('parseSimpleFrontMatter', () => {
  it.each([
    'title: Port strike ends\nsource: Harbour Ledger\n',
    'published: 2026-10-14T08:30:00Z\n',
    'tags: [transport, labour, ports]\n',
    'tags:\n  - transport\n  - labour\n',
    'author: "Zoë \\"Zee\\" Brontë"\n',
    "author: 'O''Brien'\n",
    'url: https://news.example.org/a?b=c\n',
  ])('gives what yaml gives for simple front matter %j', (text) => {
    const fast = parseSimpleFrontMatter(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(parseYaml(text));
  });

  it.each([
    ['a number', 'count: 3\n'],
    ['a boolean', 'draft: true\n'],
    ['null', 'author: ~\n'],
    ['a comment', 'title: x # note\n'],
    ['a nested map', 'meta:\n  a: b\n'],
    ['an anchor', 'title: &a x\n'],
    ['a colon in a plain value', 'title: Breaking: news\n'],
    ['a block scalar', 'title: |\n  x\n'],
    ['a duplicate key', 'title: a\ntitle: b\n'],
    ['an empty value', 'title:\n'],
  ])('leaves %s to the yaml parser', (_name, text) => {
    expect(parseSimpleFrontMatter(text)).toBeUndefined();
  });

  it('agrees with yaml on the front matter of every article in the library', () => {
    const dir = join(import.meta.dirname, '../../articles');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.md'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const match = /^---\n([\s\S]*?\n)---\n/.exec(text);
      if (!match) continue;
      const fast = parseSimpleFrontMatter(match[1]!);
      if (fast !== undefined) expect(fast, file).toEqual(parseYaml(match[1]!));
    }
  });
});
