import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../src/core/parse-article.js';
import { articleFile, benchId, createVocabulary, DEFAULT_SEED, generateArticle, mulberry32 } from '../../scripts/bench/corpus.js';
import { autocompleteInputs, linearScanner, searchQueries } from '../../scripts/bench/queries.js';
import { corpusArticles } from '../../scripts/bench/folder.js';
import { catalogOf } from '../helpers/catalog.js';

const vocab = createVocabulary(DEFAULT_SEED);
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('bench corpus generator', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('generates the same article for the same seed and index, in any order', () => {
    const later = generateArticle(vocab, DEFAULT_SEED, 7);
    generateArticle(vocab, DEFAULT_SEED, 3);
    expect(generateArticle(createVocabulary(DEFAULT_SEED), DEFAULT_SEED, 7)).toEqual(later);
    expect(generateArticle(vocab, DEFAULT_SEED + 1, 7).paragraphs).not.toEqual(later.paragraphs);
  });

  it('builds a vocabulary of a few thousand words, stop words commonest', () => {
    expect(vocab.words.length).toBeGreaterThan(3000);
    expect(new Set(vocab.words).size).toBe(vocab.words.length);
    expect(vocab.words.slice(0, 3)).toEqual(['the', 'of', 'to']);
    expect(vocab.cumulative.at(-1)).toBeCloseTo(1);
  });

  it('names articles bench-000123 and makes every 20th one long', () => {
    expect(benchId(123)).toBe('bench-000123');
    const sizes = Array.from({ length: 40 }, (_, i) => generateArticle(vocab, DEFAULT_SEED, i));
    for (const article of sizes) {
      const bytes = Buffer.byteLength(article.paragraphs.join('\n\n'));
      if (article.kind === 'long') expect(bytes).toBeGreaterThan(35_000);
      else expect(bytes).toBeGreaterThan(3000);
      if (article.kind === 'typical') expect(bytes).toBeLessThan(5500);
    }
    expect(sizes.filter((a) => a.kind === 'long').map((a) => a.id)).toEqual(['bench-000019', 'bench-000039']);
  });

  it('writes headlines of 6 to 14 words and paragraphs of news-like length', () => {
    for (let i = 0; i < 50; i++) {
      const article = generateArticle(vocab, DEFAULT_SEED, i);
      expect(words(article.title).length).toBeGreaterThanOrEqual(6);
      expect(words(article.title).length).toBeLessThanOrEqual(14);
      for (const paragraph of article.paragraphs) {
        expect(words(paragraph).length).toBeGreaterThanOrEqual(12);
        expect(words(paragraph).length).toBeLessThanOrEqual(3 * 45);
      }
    }
  });

  it('writes files the bot loads back to the same article (.md with front matter, .txt plain)', () => {
    for (const index of [0, 1]) {
      const generated = generateArticle(vocab, DEFAULT_SEED, index);
      const { fileName, text } = articleFile(generated, index);
      expect(fileName).toBe(`${generated.id}${index === 0 ? '.md' : '.txt'}`);
      const parsed = parseArticleFile({ fileName, bytes: Buffer.from(text), modifiedAt: new Date(0) });
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.article.title).toBe(generated.title);
      expect(parsed.article.body).toBe(generated.paragraphs.join('\n\n'));
      if (index === 0) expect(parsed.article.publishedAt).toEqual(generated.published);
    }
  });
});

describe('bench queries', () => {
  it('are the same 50 queries of 1 to 3 words on every run', () => {
    const queries = searchQueries(vocab, DEFAULT_SEED);
    expect(queries).toHaveLength(50);
    expect(searchQueries(createVocabulary(DEFAULT_SEED), DEFAULT_SEED)).toEqual(queries);
    for (const query of queries) expect(words(query).length).toBeGreaterThanOrEqual(1);
    for (const query of queries) expect(words(query).length).toBeLessThanOrEqual(3);
  });

  it('autocomplete inputs are id prefixes, ids and half-typed titles', () => {
    const inputs = autocompleteInputs(() => 'Council approves harbour bridge', 1000, DEFAULT_SEED);
    expect(inputs).toHaveLength(50);
    expect(inputs.filter((input) => /^bench-\d{6}$/.test(input))).toHaveLength(10);
  });

  it('the linear-scan baseline needs every word and ranks by how often they occur', async () => {
    const articles = corpusArticles(3, DEFAULT_SEED);
    articles[0]!.body = 'harbour bridge harbour';
    articles[1]!.body = 'harbour only';
    articles[2]!.body = 'bridge harbour';
    const { db } = await catalogOf(articles);
    expect(linearScanner(db)('Harbour bridge', 5)).toEqual(['bench-000000', 'bench-000002']);
  });
});
