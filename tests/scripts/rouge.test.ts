import { describe, expect, it } from 'vitest';
import { asciiTokens, lcsLength, rougeL, rougeLsum, rougeN, rougeTokens } from '../../scripts/rouge.js';

describe('rougeTokens', () => {
  it('lowercases and keeps only letters and digits', () => {
    expect(rougeTokens('The U.S. rate rose 3.5%, Wiśniewski said!')).toEqual(['the', 'u', 's', 'rate', 'rose', '3', '5', 'wiśniewski', 'said']);
  });
});

describe('rougeN', () => {
  const candidate = 'the cat sat on the mat';
  const reference = 'The cat is on the mat.';

  it('scores unigrams with clipped counts', () => {
    const score = rougeN(candidate, reference, 1);
    expect(score.precision).toBeCloseTo(5 / 6);
    expect(score.recall).toBeCloseTo(5 / 6);
    expect(score.f1).toBeCloseTo(5 / 6);
  });

  it('scores bigrams', () => {
    expect(rougeN(candidate, reference, 2).f1).toBeCloseTo(3 / 5);
  });

  it('does not count a repeated word more often than the reference has it', () => {
    const score = rougeN('the the the the', 'the cat', 1);
    expect(score.precision).toBeCloseTo(1 / 4);
    expect(score.recall).toBeCloseTo(1 / 2);
    expect(score.f1).toBeCloseTo(1 / 3);
  });

  it('gives 1 for identical and 0 for disjoint or empty texts', () => {
    expect(rougeN(reference, reference, 2).f1).toBe(1);
    expect(rougeN('alpha beta', 'gamma delta', 1).f1).toBe(0);
    expect(rougeN('', reference, 1)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rougeN('one', 'one', 2).f1).toBe(0);
  });

  it('rejects n below 1', () => {
    expect(() => rougeN('a', 'a', 0)).toThrow(RangeError);
  });
});

describe('rougeL', () => {
  it('uses the longest common subsequence', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b'])).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
    expect(rougeL('the cat sat on the mat', 'the cat is on the mat').f1).toBeCloseTo(5 / 6);
  });

  it('is order sensitive where ROUGE-1 is not', () => {
    expect(rougeN('mat the on sat cat the', 'the cat sat on the mat', 1).f1).toBe(1);
    expect(rougeL('mat the on sat cat the', 'the cat sat on the mat').f1).toBeCloseTo(3 / 6);
  });
});

describe('rougeLsum', () => {
  it('takes the union of LCS matches of each reference sentence with every summary sentence', () => {
    // Lin (2004): r = w1..w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5; the union is w1 w2 w3 w5.
    const score = rougeLsum(['w1 w2 w6 w7 w8', 'w1 w3 w8 w9 w5'], ['w1 w2 w3 w4 w5']);
    expect(score.recall).toBeCloseTo(4 / 5);
    expect(score.precision).toBeCloseTo(4 / 10);
  });

  it('gives 1 for identical summaries and 0 for disjoint or empty ones', () => {
    expect(rougeLsum(['the cat sat.', 'it purred.'], ['the cat sat.', 'it purred.']).f1).toBe(1);
    expect(rougeLsum(['alpha beta'], ['gamma delta']).f1).toBe(0);
    expect(rougeLsum([], ['gamma delta']).f1).toBe(0);
  });

  it('does not match a word more often than the summary holds it', () => {
    expect(rougeLsum(['cat'], ['cat sat', 'cat ran']).recall).toBeCloseTo(1 / 4);
  });
});

describe('asciiTokens', () => {
  it('keeps lowercase a-z and 0-9 runs only, as the public summary sets are scored', () => {
    expect(asciiTokens('The U.S. rate rose 3.5%, Wiśniewski said!')).toEqual(['the', 'u', 's', 'rate', 'rose', '3', '5', 'wi', 'niewski', 'said']);
  });
});
