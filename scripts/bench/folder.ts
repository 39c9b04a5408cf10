// Writes a generated corpus as real article files (what cold start and the watcher read), or builds
// the same articles in memory when only the library is needed (schedule planning).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../../src/core/article.js';
import { articleFile, createVocabulary, generateArticle } from './corpus.js';

/** Writes `count` article files into `dir`; returns their total size in bytes. */
export function writeCorpusFolder(dir: string, count: number, seed: number): number {
  mkdirSync(dir, { recursive: true });
  const vocab = createVocabulary(seed);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { fileName, text } = articleFile(generateArticle(vocab, seed, i), i);
    const data = Buffer.from(text);
    writeFileSync(join(dir, fileName), data);
    bytes += data.length;
  }
  return bytes;
}

/** The same articles as the files would load as, without touching the disk. */
export function corpusArticles(count: number, seed: number): Article[] {
  const vocab = createVocabulary(seed);
  return Array.from({ length: count }, (_, i) => {
    const generated = generateArticle(vocab, seed, i);
    return {
      id: generated.id,
      title: generated.title,
      body: generated.paragraphs.join('\n\n'),
      publishedAt: generated.published,
      tags: generated.tags,
      source: generated.source,
      author: generated.author,
    };
  });
}
