// The fixed inputs for search and autocomplete, and the naive baselines they are compared with.
// Queries are drawn (seeded) from the generator's own vocabulary so they hit the corpus the way user
// queries hit a real library: 1-3 words, common news words and rarer topic words and names, some with
// a typo, some cut short while typing.
import type { Database } from '../../src/store/database.js';
import { benchId, mulberry32, type Vocabulary } from './corpus.js';

/** A one-letter slip: a dropped, doubled or swapped letter, as people make when typing fast. */
function typo(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 1) return word.slice(0, at) + word[at] + word.slice(at);
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

/** 50 search queries, the same for every run and size. */
export function searchQueries(vocab: Vocabulary, seed: number): string[] {
  const random = mulberry32(seed ^ 0x5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const newsWord = (): string => vocab.words[40 + Math.floor(random() * 260)]!;
  const topicWord = (): string => vocab.words[60 + Math.floor(random() * 1500)]!;
  const longWord = (): string => {
    for (;;) {
      const word = topicWord();
      if (word.length >= 6) return word;
    }
  };
  const queries: string[] = [];
  for (let i = 0; i < 10; i++) queries.push(topicWord());
  for (let i = 0; i < 8; i++) queries.push(`${newsWord()} ${newsWord()}`);
  for (let i = 0; i < 8; i++) queries.push(`${topicWord()} ${topicWord()}${i % 2 ? ` ${newsWord()}` : ''}`);
  for (let i = 0; i < 8; i++) queries.push(i % 2 ? pick(vocab.names) : `${pick(vocab.names)} ${topicWord()}`);
  for (let i = 0; i < 8; i++) queries.push(i % 2 ? typo(longWord(), random) : `${newsWord()} ${typo(longWord(), random)}`);
  for (let i = 0; i < 8; i++) queries.push(`${i % 2 ? `${newsWord()} ` : ''}${longWord().slice(0, 3 + (i % 3))}`);
  return queries;
}

/** 50 partial inputs for the article option: id prefixes, exact ids and half-typed titles. */
export function autocompleteInputs(titleOf: (id: string) => string | undefined, count: number, seed: number): string[] {
  const random = mulberry32(seed ^ 0xac);
  const index = (): number => Math.floor(random() * count);
  const inputs: string[] = [];
  for (let i = 0; i < 10; i++) inputs.push(benchId(index()).slice(0, 7 + (i % 5)));
  for (let i = 0; i < 10; i++) inputs.push(benchId(index()));
  for (let i = 0; i < 30; i++) {
    const words = (titleOf(benchId(index())) ?? 'x').split(' ');
    const whole = words.slice(0, i % 3).join(' ');
    const next = words[i % 3] ?? '';
    inputs.push(`${whole} ${next.slice(0, 1 + (i % 4))}`.trim());
  }
  return inputs;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The baseline a first version would write: read every stored article, check that every query word
 * occurs and score by occurrence counts. No index, no typos, no prefixes, nothing held in memory.
 */
export function linearScanner(db: Database): (query: string, limit: number) => string[] {
  const rows = db.prepare<[], { id: string; title: string; body: string }>('SELECT id, title, body FROM articles');
  return (query, limit) => {
    const words = query.toLowerCase().match(WORD) ?? [];
    if (words.length === 0) return [];
    const hits: { id: string; score: number }[] = [];
    for (const row of rows.iterate()) {
      const text = `${row.title}\n${row.body}`.toLowerCase();
      let score = 0;
      for (const word of words) {
        let count = 0;
        for (let from = text.indexOf(word); from !== -1; from = text.indexOf(word, from + word.length)) count++;
        score = count === 0 ? -1 : score + count;
        if (score < 0) break;
      }
      if (score > 0) hits.push({ id: row.id, score });
    }
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return hits.slice(0, limit).map((hit) => hit.id);
  };
}

/** Naive autocomplete: ids starting with the input, then titles containing it, reading every row. */
export function linearSuggester(db: Database): (input: string, limit: number) => string[] {
  const rows = db.prepare<[], { id: string; title: string }>('SELECT id, title FROM articles');
  return (input, limit) => {
    const text = input.trim().toLowerCase();
    const byId: string[] = [];
    const byTitle: string[] = [];
    for (const row of rows.iterate()) {
      if (row.id.toLowerCase().startsWith(text)) byId.push(row.id);
      else if (byTitle.length < limit && row.title.toLowerCase().includes(text)) byTitle.push(row.id);
    }
    return [...byId, ...byTitle].slice(0, limit);
  };
}
