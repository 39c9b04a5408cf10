import { describe, expect, it } from 'vitest';
import { foldTerm } from '../../src/core/terms.js';

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
