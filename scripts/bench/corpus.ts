// A seeded generator of synthetic but realistic news articles for the benchmarks. Article i depends
// only on (seed, i), so the 1,000-article corpus is a prefix of the 10,000 one and every run sees the
// same text. Sentence, paragraph and article lengths follow real wire copy: 12-35 words a sentence,
// 1-3 sentences a paragraph, ~4 KB typical bodies and one long (~40 KB) article in twenty.
import { capitalize, COMMON_WORDS, PLACES_FIXED, SAID, SOURCES, syllableWord, TITLES } from './words.js';

export const DEFAULT_SEED = 20261101;
export const TYPICAL_BYTES = 4000;
export const LONG_BYTES = 40000;
const LONG_EVERY = 20;
const TAIL_WORDS = 3600;
const NAMES = 400;

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A per-article seed, so articles can be generated independently and in any order. */
export function articleSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

export interface Vocabulary {
  /** Ordered by rank: index 0 is the commonest word. */
  words: string[];
  /** Cumulative Zipf-Mandelbrot weights, for sampling a word by rank. */
  cumulative: Float64Array;
  /** Surnames and place names: the proper nouns people search for. */
  names: string[];
}

export function createVocabulary(seed = DEFAULT_SEED): Vocabulary {
  const random = mulberry32(seed);
  const words = [...new Set(COMMON_WORDS)];
  const seen = new Set(words);
  while (words.length < COMMON_WORDS.length + TAIL_WORDS) {
    const word = syllableWord(random, 2 + Math.floor(random() * 2));
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  const names: string[] = [];
  while (names.length < NAMES) {
    const name = capitalize(syllableWord(random, 2 + Math.floor(random() * 2)));
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  // Zipf-Mandelbrot with s = 1: natural-language word frequencies fall off about as 1 / rank.
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank++) cumulative[rank] = total += 1 / (rank + 2.7);
  for (let rank = 0; rank < words.length; rank++) cumulative[rank] = cumulative[rank]! / total;
  return { words, cumulative, names };
}

export interface BenchArticle {
  id: string;
  kind: 'typical' | 'long';
  title: string;
  paragraphs: string[];
  published: Date;
  source: string;
  author: string;
  tags: string[];
}

export const benchId = (index: number): string => `bench-${String(index).padStart(6, '0')}`;

/** Generates article `index`; every 20th article is long. */
export function generateArticle(vocab: Vocabulary, seed: number, index: number): BenchArticle {
  const random = mulberry32(articleSeed(seed, index));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const kind = index % LONG_EVERY === LONG_EVERY - 1 ? 'long' : 'typical';
  // A story is about a few mid-frequency words and people; repeating them is what makes search rank.
  const topics = Array.from({ length: 4 }, () => vocab.words[60 + Math.floor(random() * 1500)]!);
  const people = Array.from({ length: 3 }, () => pick(vocab.names));
  const place = random() < 0.3 ? pick(PLACES_FIXED) : pick(vocab.names);
  const word = (): string => {
    const r = random();
    if (r < 0.06) return pick(topics);
    let low = 0;
    let high = vocab.cumulative.length - 1;
    const target = random();
    while (low < high) {
      const mid = (low + high) >> 1;
      if (vocab.cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return vocab.words[low]!;
  };
  // Numbers, titles and abbreviations are what trip sentence splitters and tokenizers in real copy.
  const token = (): string => {
    const r = random();
    if (r < 0.025) return `${pick(TITLES)} ${pick(people)}`;
    if (r < 0.04) return pick(people);
    if (r < 0.05) return `${(random() * 9 + 0.1).toFixed(1)}%`;
    if (r < 0.058) return `$${(random() * 9 + 1).toFixed(1)}${random() < 0.5 ? 'bn' : 'm'}`;
    if (r < 0.07) return String(Math.floor(random() * (random() < 0.5 ? 100 : 5000)));
    if (r < 0.075) return place;
    return word();
  };
  const clause = (count: number): string => Array.from({ length: count }, token).join(' ');
  const sentence = (): string => {
    const length = 12 + Math.floor(((random() + random()) / 2) * 24);
    const text = capitalize(clause(length));
    if (random() < 0.12) return `"${text}," ${random() < 0.5 ? pick(people) : random() < 0.5 ? 'he' : 'she'} ${pick(SAID)}.`;
    return `${text}${random() < 0.15 ? `, ${clause(3 + Math.floor(random() * 5))}` : ''}.`;
  };
  const target = kind === 'long' ? LONG_BYTES * (0.9 + random() * 0.2) : TYPICAL_BYTES * (0.8 + random() * 0.4);
  // A wire-style dateline. Its em dash, like the curly quotes and dashes of real copy, makes V8 keep the
  // article as a two-byte string, so memory figures are not flattered by pure-ASCII text.
  const dateline = random() < 0.3 ? `${place.toUpperCase()} — ` : '';
  const paragraphs: string[] = [];
  let bytes = 0;
  while (bytes < target) {
    const count = 1 + Math.floor(random() * 3);
    const paragraph = (paragraphs.length === 0 ? dateline : '') + Array.from({ length: count }, sentence).join(' ');
    paragraphs.push(paragraph);
    bytes += paragraph.length + 2;
  }
  const headline = [pick(people), ...Array.from({ length: 4 + Math.floor(random() * 9) }, word)];
  headline.splice(1 + Math.floor(random() * (headline.length - 1)), 0, pick(topics));
  return {
    id: benchId(index),
    kind,
    title: capitalize(headline.join(' ')),
    paragraphs,
    // Spread over a year, in index order with jitter, so "newest first" is not just reverse ids.
    published: new Date(Date.UTC(2026, 0, 1) + index * 60_000 * 7 + Math.floor(random() * 3_600_000)),
    source: pick(SOURCES),
    author: `${pick(vocab.names)} ${pick(people)}`,
    tags: topics.slice(0, 2),
  };
}

/** The article as a file like those in articles/: even indexes as .md with front matter, odd as .txt. */
export function articleFile(article: BenchArticle, index: number): { fileName: string; text: string } {
  const body = article.paragraphs.join('\n\n');
  if (index % 2 === 1) return { fileName: `${article.id}.txt`, text: `${article.title}\n\n${body}\n` };
  const front = [
    '---',
    `title: ${JSON.stringify(article.title)}`,
    `source: ${article.source}`,
    `author: ${article.author}`,
    `published: ${article.published.toISOString()}`,
    `tags: [${article.tags.join(', ')}]`,
    '---',
  ].join('\n');
  return { fileName: `${article.id}.md`, text: `${front}\n${article.title}\n\n${body}\n` };
}
