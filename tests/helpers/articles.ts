// Small article factories for tests.
import type { Article } from '../../src/core/article.js';

let counter = 0;

export function makeArticle(overrides: Partial<Article> = {}): Article {
  counter++;
  return {
    id: `article-${counter}`,
    title: `Article ${counter}`,
    body: 'The council met on Monday. It approved the budget. Residents were pleased.',
    publishedAt: new Date(Date.UTC(2026, 9, 1, 12, 0, counter)),
    tags: [],
    ...overrides,
  };
}
