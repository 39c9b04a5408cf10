import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, rougeN, rougeTokens } from '../../scripts/rouge.js';

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
