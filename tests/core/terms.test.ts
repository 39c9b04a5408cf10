import { describe, expect, it } from 'vitest';
import { foldTerm, indexTerms, TermCounter } from '../../src/core/terms.js';

/** What TermCounter finds in one document, as term → summed weight. */
function counted(fields: Array<[string, number]>): Record<string, number> {
  const counter = new TermCounter<undefined>();
  for (const [text, weight] of fields) counter.count(text, weight);
  const out: Record<string, number> = {};
  counter.drain((_id, term, weight) => (out[term] = weight));
  return out;
}

/** The same, computed the plain way from indexTerms. */
function expected(fields: Array<[string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [text, weight] of fields) for (const term of indexTerms(text)) out[term] = (out[term] ?? 0) + weight;
  return out;
}

// A seeded generator (mulberry32), so the mixed-text check is the same on every run.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('foldTerm', () => {
  it.each([
    ['Łódź', 'lodz'],
    ['São', 'sao'],
    ['Straße', 'strasse'],
    ['ØRESUND', 'oresund'],
    ['MÜLLER', 'muller'],
    ['abc123', 'abc123'],
  ])('%s → %s', (input, output) => expect(foldTerm(input)).toBe(output));
});

describe('TermCounter', () => {
  it.each([
    ['plain words and the stop words', 'The Port strike ends, and the port reopens.'],
    ['accents and special letters', 'Łódź, São Paulo, Straße, Ørsted, Nguyễn Thị Minh, Çağlar, Ōsaka'],
    ['numbers and amounts', 'Rates rose 3.5% to $1.2bn in Q3 2026; version 2.0.1'],
    ['curly quotes and dashes', '“We won’t stop,” she said — again… (really)'],
    ['astral letters and emoji', '𝐁𝐨𝐥𝐝 text 😀 and 𝒮cript'],
    ['mixed ASCII and accents in one word', 'café Cafe CAFÉ naïve'],
    ['empty and punctuation only', ' ... --- !!! '],
  ])('finds the same terms and weights as indexTerms: %s', (_name, text) => {
    const fields: Array<[string, number]> = [[text, 3], [`${text} body`, 1]];
    expect(counted(fields)).toEqual(expected(fields));
  });

  it('agrees with indexTerms on seeded random mixed text', () => {
    const next = random(20261125);
    const alphabet = ['a', 'Z', 'q', '7', ' ', ' ', '-', '.', 'é', 'Ł', 'ß', '’', '😀', '𝐁', 'ı', 'Æ', '_', '\u0301', 'the', 'The '];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 60) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect(counted([[text, 1]]), JSON.stringify(text)).toEqual(expected([[text, 1]]));
    }
  });

  it('keeps documents apart and term ids stable across documents', () => {
    const counter = new TermCounter<string>();
    counter.count('harbour strike', 1);
    const first: string[] = [];
    counter.drain((id, term) => {
      first.push(term);
      counter.setValue(id, `postings of ${term}`);
    });
    counter.count('Harbour news', 2);
    const second: Array<[string, number, string | undefined]> = [];
    const length = counter.drain((id, term, weight) => second.push([term, weight, counter.value(id)]));
    expect(first).toEqual(['harbour', 'strike']);
    expect(second).toEqual([
      ['harbour', 2, 'postings of harbour'],
      ['news', 2, undefined],
    ]);
    expect(length).toBe(4);
  });
});
