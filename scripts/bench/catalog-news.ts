// What /news summary and /news search do once the app reads the catalog: a stand-in for NewsService over
// the catalog, so the bench can time the real router and command modules against the database before
// the app is switched over. Summaries are stored per article version (SqliteSummaries), snippets come
// from the words each hit matched, as NewsService does them.
import type { Article } from '../../src/core/article.js';
import { buildSearchMessage, buildSummaryMessage, type ListedArticle } from '../../src/core/layout.js';
import type { MessagePayload } from '../../src/core/payload.js';
import { foldTerm } from '../../src/core/terms.js';
import { splitSentences } from '../../src/core/sentences.js';
import { clampCount, summarize } from '../../src/core/summarizer.js';
import { UserError } from '../../src/errors.js';
import type { NewsStyle } from '../../src/services/news.js';
import type { ArticleCatalog, CatalogArticle, SummaryStore } from '../../src/store/catalog/types.js';

const SEARCH_RESULTS = 5;

export class CatalogNews {
  constructor(
    private readonly catalog: ArticleCatalog,
    private readonly summaries: SummaryStore,
  ) {}

  async summarySentences(article: CatalogArticle, count: number): Promise<string[]> {
    const k = clampCount(count);
    const stored = await this.summaries.get(article.id, article.contentHash, 'extractive', k);
    if (stored) return stored;
    const sentences = summarize(article, k);
    await this.summaries.put(article.id, article.contentHash, 'extractive', k, sentences);
    return sentences;
  }

  async summary(id: string, count: number, style: NewsStyle): Promise<MessagePayload> {
    const article = await this.catalog.get(id.trim());
    if (!article) throw new UserError(`No article has the id ${id}.`);
    return buildSummaryMessage(article, await this.summarySentences(article, count), style);
  }

  async search(query: string, style: NewsStyle): Promise<MessagePayload> {
    const hits = await this.catalog.search(query, { limit: SEARCH_RESULTS });
    const terms = [...new Set(hits.flatMap((hit) => hit.terms))];
    const items: ListedArticle[] = hits.map(({ article, terms: matched }) => ({ article, line: snippet(article, matched) }));
    return buildSearchMessage(query, items, terms, style);
  }

  async autocomplete(input: string): Promise<{ name: string; value: string }[]> {
    return (await this.catalog.suggest(input, 25)).map(({ id, title }) => ({ name: title.slice(0, 100) || id, value: id }));
  }
}

function snippet(article: Article, terms: string[]): string {
  const wanted = new Set(terms);
  for (const sentence of splitSentences(article.body)) {
    for (const word of sentence.match(/[\p{L}\p{N}]+/gu) ?? []) if (wanted.has(foldTerm(word))) return sentence;
  }
  return splitSentences(article.body.slice(0, 2000))[0] ?? article.title;
}
