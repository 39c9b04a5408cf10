// The in-memory article library: lookup by id, newest-first listing, ranked full-text search and
// autocomplete. Pure and Discord-free; the folder loader and watcher feed it.
import type { Article } from './article.js';
import { lowerBound, SearchIndex } from './search-index.js';

export interface SearchHit {
  article: Article;
  score: number;
  /** Index terms that matched, used to pick a snippet. */
  terms: string[];
}

const MAX_QUERY_LENGTH = 200;
const TITLE_WEIGHT = 3;
const ID_WEIGHT = 2;

export class ArticleLibrary {
  private readonly articles = new Map<string, Article>();
  private newestFirst: Article[] | undefined;
  private lowerIds: [string, string][] | undefined;
  /** Titles, bodies and ids, for /news search. */
  private readonly fullText = new SearchIndex();
  /** Titles and ids only, for autocomplete: smaller, so typing stays fast. */
  private readonly titles = new SearchIndex();

  constructor(articles: Iterable<Article> = []) {
    for (const article of articles) this.upsert(article);
    this.fullText.compact();
    this.titles.compact();
  }

  get size(): number {
    return this.articles.size;
  }

  get(id: string): Article | undefined {
    return this.articles.get(id);
  }

  has(id: string): boolean {
    return this.articles.has(id);
  }

  /** Adds or replaces an article; returns true when it was new. */
  upsert(article: Article): boolean {
    const isNew = !this.articles.has(article.id);
    this.articles.set(article.id, article);
    const ref = article.id.replace(/[_-]+/g, ' ');
    this.fullText.add(article.id, { fields: [[article.title, TITLE_WEIGHT], [article.body, 1], [ref, ID_WEIGHT]] });
    this.titles.add(article.id, { fields: [[article.title, 1], [ref, 1]] });
    this.newestFirst = undefined;
    if (isNew) this.lowerIds = undefined;
    return isNew;
  }

  remove(id: string): boolean {
    if (!this.articles.delete(id)) return false;
    this.fullText.remove(id);
    this.titles.remove(id);
    this.newestFirst = undefined;
    this.lowerIds = undefined;
    return true;
  }

  /** Every article, newest published first (ties broken by id so the order is stable). */
  all(): readonly Article[] {
    this.newestFirst ??= [...this.articles.values()].sort(
      (a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.id.localeCompare(b.id),
    );
    return this.newestFirst;
  }

  latest(count: number): Article[] {
    return this.all().slice(0, Math.max(0, count));
  }

  /**
   * Ranked full-text search (BM25) over titles, bodies and ids. Every query word must match when any
   * article has them all; a word with no exact match is looked up with a small typo allowance.
   */
  search(query: string, limit = 10): SearchHit[] {
    const hits = this.fullText.search(query.slice(0, MAX_QUERY_LENGTH), { limit, prefix: true, fuzzy: true });
    return hits.flatMap(({ key, score, terms }) => {
      const article = this.articles.get(key);
      return article ? [{ article, score, terms }] : [];
    });
  }

  /** Autocomplete: the exact id, then ids starting with the input, then title and id words (prefix, typos). */
  suggest(input: string, limit = 25): Article[] {
    const text = input.slice(0, MAX_QUERY_LENGTH).trim();
    if (!text) return this.latest(limit);
    const found = new Map<string, Article>();
    const add = (article: Article | undefined): void => {
      if (article && found.size < limit) found.set(article.id, article);
    };
    add(this.articles.get(text));
    const lower = text.toLowerCase();
    const ids = this.idsByLowerCase();
    for (let at = lowerBound(ids, lower, (entry) => entry[0]); at < ids.length && found.size < limit; at++) {
      const [lowerId, id] = ids[at]!;
      if (!lowerId.startsWith(lower)) break;
      add(this.articles.get(id));
    }
    if (found.size < limit) {
      for (const hit of this.titles.search(text, { limit, prefix: true, fuzzy: true })) add(this.articles.get(hit.key));
    }
    return [...found.values()];
  }

  private idsByLowerCase(): [string, string][] {
    this.lowerIds ??= [...this.articles.keys()].map((id): [string, string] => [id.toLowerCase(), id]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return this.lowerIds;
  }
}
