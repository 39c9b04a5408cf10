import { describe, expect, it } from 'vitest';
import { indexTokens, oneDeletions, prefixUpperBound, queryWords, withinOneEdit, wordsMatching } from '../../src/core/catalog-text.js';
import { filterTokens } from '../../src/core/filter.js';
import { mulberry32 } from '../../scripts/bench/corpus.js';

describe('indexTokens', () => {
  it.each([
    'Port strikes end in Łódź — cities cheer',
    'COVID-19 cases: 1,204 (up 3.5%) in São Paulo',
    'emoji 🎉 and 𝒳 math, café naïve ǅ',
    'tabs\tand\nnew lines\r\nand NBSP\u00a0here',
    '',
    '!!!',
  ])('gives exactly filterTokens of %j', (text) => {
    expect(indexTokens(text)).toEqual(filterTokens(text));
  });

  it('gives exactly filterTokens on random text of letters, marks, digits, symbols and surrogates', () => {
    const random = mulberry32(7);
    const pieces = ['a', 'Z', 'é', 'e\u0301', 'ß', 'Ł', 'ı', '9', '٣', ' ', '-', '—', '.', '\u00a0', '😀', '𝐀', '\ud800', 'ﬁ', 'İ', 'ǅ', 'ـ', 'あ', '中'];
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(indexTokens(text)).toEqual(filterTokens(text));
    }
  });
});

describe('query words', () => {
  it('drops stop words and keeps the typed form beside the indexed one', () => {
    expect(queryWords('The strikes in Łódź')).toEqual([
      { folded: 'strikes', stem: 'strike' },
      { folded: 'lodz', stem: 'lodz' },
    ]);
  });

  it('finds the words of a text whose indexed form matched, folded as written', () => {
    expect(wordsMatching('Strikes spread; a STRIKE in Łódź', new Set(['strike', 'lodz']))).toEqual(['strikes', 'strike', 'lodz']);
  });
});

describe('one typo', () => {
  it.each([
    ['inflation', 'inflaton', true],
    ['inflation', 'inflatoin', true],
    ['inflation', 'innflation', true],
    ['inflation', 'inflasion', true],
    ['inflation', 'inflatio', true],
    ['inflation', 'inlfatoin', false],
    ['strike', 'stroke', true],
    ['strike', 'strokes', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });

  it('lists one-letter deletions once each', () => {
    expect(oneDeletions('book').sort()).toEqual(['bok', 'boo', 'ook']);
  });

  it('bounds a prefix range above every word that starts with it', () => {
    expect(prefixUpperBound('sta')).toBe('stb');
    expect('staying' < prefixUpperBound('sta')).toBe(true);
    expect('stb' < prefixUpperBound('sta')).toBe(false);
  });
});
