import { describe, expect, it } from 'vitest';
import { codePoints, embedTextLength, fitEmbeds, truncate } from '../../src/core/limits.js';

describe('codePoints', () => {
  it('counts astral characters once', () => {
    expect(codePoints('a😀b')).toBe(3);
    expect('a😀b'.length).toBe(4);
  });
});

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('Short.', 10)).toBe('Short.');
  });

  it('cuts at a sentence end when one is near the limit', () => {
    expect(truncate('First sentence is right here. Second one runs on and on.', 40)).toBe('First sentence is right here. …');
  });

  it('cuts at a word boundary otherwise', () => {
    expect(truncate('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
  });

  it('never splits a character', () => {
    const text = '😀'.repeat(50);
    const cut = truncate(text, 10);
    expect(codePoints(cut)).toBeLessThanOrEqual(10);
    expect(cut).toBe(`${'😀'.repeat(9)}…`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('never ends on a lone backslash that would escape the ellipsis', () => {
    const cut = truncate(`${'a'.repeat(8)}\\*rest of it`, 10);
    expect(cut.endsWith('\\…')).toBe(false);
  });

  it.each([0, 1, 2, 5, 100])('respects a limit of %i', (max) => {
    expect(codePoints(truncate('word '.repeat(100), max))).toBeLessThanOrEqual(max);
  });
});

describe('fitEmbeds', () => {
  it('brings every part and the 6000 total within limits', () => {
    const long = 'x'.repeat(5000);
    const embeds = fitEmbeds([
      { title: long, description: long, footer: { text: long }, author: { name: long }, fields: Array.from({ length: 30 }, () => ({ name: long, value: long })) },
      { description: long },
    ]);
    expect(embeds[0]!.title!.length).toBeLessThanOrEqual(256);
    expect(embeds[0]!.fields).toHaveLength(25);
    expect(embeds.reduce((sum, embed) => sum + embedTextLength(embed), 0)).toBeLessThanOrEqual(6000);
  });

  it('keeps at most 10 embeds', () => {
    expect(fitEmbeds(Array.from({ length: 12 }, () => ({ description: 'a' })))).toHaveLength(10);
  });
});
