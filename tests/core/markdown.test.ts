import { describe, expect, it } from 'vitest';
import { escapeDiscordText, markdownToPlain } from '../../src/core/markdown.js';

describe('escapeDiscordText', () => {
  it.each([
    ['@everyone look', '\\@everyone look'],
    ['hi @here', 'hi \\@here'],
    ['<@123456789012345678> and <@&987654321098765432> in <#111>', '\\<\\@123456789012345678\\> and \\<\\@&987654321098765432\\> in \\<\\#111\\>'],
    ['**bold** _it_ ~~gone~~ `code` ||spoiler||', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['> quoted\n# heading\n- item\n1. first', '\\> quoted\n\\# heading\n\\- item\n\\1. first'],
    ['back\\slash', 'back\\\\slash'],
    ['plain words, 3.5% and São Paulo', 'plain words, 3.5% and São Paulo'],
  ])('%j shows literally', (input, expected) => {
    expect(escapeDiscordText(input)).toBe(expected);
  });

  it('leaves web addresses usable but not ones that carry an @', () => {
    expect(escapeDiscordText('see https://example.org/a_b*c for more')).toBe('see https://example.org/a_b*c for more');
    expect(escapeDiscordText('https://x.example/@everyone')).toBe('https://x.example/\\@everyone');
  });
});

describe('markdownToPlain', () => {
  it.each([
    ['**Bold** and __strong__', 'Bold and strong'],
    ['*it* and _it_ but snake_case_word and 2*3*4 stay', 'it and it but snake_case_word and 2*3*4 stay'],
    ['a [link](https://x.example) and ![img](https://x.example/i.png)', 'a link and img'],
    ['# Heading\n> quote\n`code`', 'Heading\nquote\ncode'],
  ])('%j becomes %j', (input, expected) => {
    expect(markdownToPlain(input)).toBe(expected);
  });
});
