import { describe, expect, it } from 'vitest';
import { filterMismatch, filterText, filterTokens, matchesFilter, parseFilter, stemTerm } from '../../src/core/filter.js';

function matches(query: string, title: string, body = ''): boolean {
  const parsed = parseFilter(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return matchesFilter(parsed.filter, filterText({ title, body }));
}

describe('stemTerm', () => {
  it.each([
    ['strikes', 'strike'],
    ['cities', 'city'],
    ['boxes', 'box'],
    ['churches', 'church'],
    ['movies', 'movie'],
    ['keys', 'key'],
    ['days', 'day'],
    ['wars', 'war'],
    ['glasses', 'glass'],
  ])('%s and %s share a form', (plural, singular) => {
    expect(stemTerm(plural)).toBe(stemTerm(singular));
  });

  it.each([
    ['news', 'new'],
    ['warning', 'war'],
    ['warehouse', 'war'],
    ['striker', 'strike'],
    ['crisis', 'crisi'],
    ['bus', 'bu'],
    ['press', 'pres'],
  ])('%s stays apart from %s', (a, b) => {
    expect(stemTerm(a)).not.toBe(stemTerm(b));
  });
});

describe('filters', () => {
  it.each([
    // query, title, body, expected
    ['war', 'New warehouse opens', 'Heat warning issued across the region.', false],
    ['war', 'Talks to end the war', '', true],
    ['war', 'Wars of the past', '', true],
    ['War', 'WAR ends', '', true],
    ['lodz', 'Łódź opens a tram line', '', true],
    ['Łódź', 'Trams in LODZ', '', true],
    ['rail strike', 'Rail walkout', 'The strike was called off.', true],
    ['rail strike', 'Rail walkout', 'The walkout was called off.', false],
    ['"rail strike"', 'Strike on the rail', '', false],
    ['"rail strike"', 'A rail strike begins', '', true],
    ['"rail strikes"', 'A rail strike begins', '', true],
    ['strike -rail', 'Rail strike', '', false],
    ['strike -rail', 'Port strike', '', true],
    ['strike -"port strike"', 'Port strike', '', false],
    ['covid-19', 'Covid 19 cases fall', '', true],
    ['covid-19', 'Covid cases fall in 19 towns', '', false],
    ['-sport', 'Budget passes', '', true],
    ['new', 'Daily news', '', false],
    ['climat', 'Climate deal', '', false],
  ])('%s against %s / %s is %s', (query, title, body, expected) => {
    expect(matches(query, title, body)).toBe(expected);
  });

  it('explains which word is missing or excluded', () => {
    const parsed = parseFilter('rail "general strike" -bus');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(filterMismatch(parsed.filter, filterText({ title: 'Rail news', body: '' }))).toBe('does not contain the phrase “general strike”');
    expect(filterMismatch(parsed.filter, filterText({ title: 'Bus', body: '' }))).toBe('does not contain the word “rail”');
    expect(filterMismatch(parsed.filter, filterText({ title: 'Rail general strike', body: 'A bus too.' }))).toBe('contains the excluded word “bus”');
    expect(filterMismatch(parsed.filter, filterText({ title: 'Rail general strike', body: '' }))).toBeUndefined();
  });

  it('refuses a query with no words', () => {
    expect(parseFilter('  "" - !!').ok).toBe(false);
  });

  it('a phrase does not run from the title into the body', () => {
    expect(matches('"deal climate"', 'A deal', 'Climate talks')).toBe(false);
  });

  it('filterTokens folds, stems and keeps order', () => {
    expect(filterTokens('Cities’ STRIKES in Łódź')).toEqual(['citi', 'strike', 'in', 'lodz']);
  });
});
