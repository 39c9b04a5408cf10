// Search and autocomplete over the catalog: what a query's words stand for (completions of a half-typed
// last word, near misses of an unknown one), and the tiers they are ranked in (sqlite-ranking.ts).
// Articles whose title or id holds every word come first (bm25 over titles and ids), then articles
// holding every word anywhere (bm25 with the title weighted 3, the id 2, the body 1); any word when no
// article has them all. In a large catalog, a word more than half the articles hold (an id's common
// part, say) is left out when the query has others: it selects little and costs a walk through its list.
import type { Database, Statement } from 'better-sqlite3';
import { isValidArticleId } from '../../core/article.js';
import { prefixUpperBound, type QueryWord, queryWords } from '../../core/catalog-text.js';
import { type Group, RANK_DOCS_LIMIT, SqliteRanking } from './sqlite-ranking.js';
import type { SqliteVocabulary } from './sqlite-vocabulary.js';
import { VISIBLE } from './sqlite-rows.js';

export { SEARCH_WINDOW, type RankedKey } from './sqlite-ranking.js';
import type { RankedKey } from './sqlite-ranking.js';

/**
 * Completions of a half-typed last word, commonest first. bm25 costs each alternative on every row it
 * ranks, so a handful: the in-memory index took forty, but weighted them at about half a match.
 */
const COMPLETIONS = 8;
const NEAR_MISSES = 5;
const MAX_INPUT_LENGTH = 200;
/** Below this many articles every word is cheap enough to keep. */
const UBIQUITOUS_FROM = 10_000;

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;

export class SqliteSearch {
  private readonly ranking: SqliteRanking;
  private readonly idPrefix;
  private readonly keyCount: Statement<[], { n: number | null }>;

  constructor(
    db: Database,
    private readonly vocabulary: SqliteVocabulary,
    rankDocsLimit?: number,
  ) {
    this.ranking = new SqliteRanking(db, rankDocsLimit);
    this.idPrefix = db.prepare<{ low: string; high: string; guild: string | null; limit: number }, { key: number }>(
      `SELECT a.key FROM articles a WHERE lower(a.id) >= @low AND lower(a.id) < @high AND ${VISIBLE} ORDER BY lower(a.id), a.id LIMIT @limit`,
    );
    // Every id ever seen: an upper bound on the catalog's size, read from the key's end, not counted.
    this.keyCount = db.prepare('SELECT max(key) AS n FROM article_keys');
  }

  /** Ranked keys, and the indexed words the query stood for (to find each hit's matching words). */
  search(query: string, limit: number, guild: string | null): { hits: RankedKey[]; stems: Set<string> } {
    const words = queryWords(query.slice(0, MAX_INPUT_LENGTH));
    const alternatives = words.map((word, i) => this.alternatives(word, i === words.length - 1)).filter((group) => group.length > 0);
    const stems = new Set(alternatives.flat());
    const groups = this.withoutUbiquitous(alternatives.map((terms) => this.group(terms)));
    let hits = this.tiers(groups, 'AND', limit, guild);
    if (hits.length === 0 && groups.length > 1) hits = this.tiers(groups, 'OR', limit, guild);
    return { hits, stems };
  }

  private group(terms: readonly string[], phrases: string[] = terms.map(quote)): Group {
    const docs = this.vocabulary.docs(terms);
    return { phrases, docs: terms.reduce((sum, term) => sum + (docs.get(term) ?? 0), 0) };
  }

  /** Leaves out words more than half the catalog holds, as long as some other word is left. */
  private withoutUbiquitous(groups: Group[]): Group[] {
    const limit = Math.max(UBIQUITOUS_FROM, (this.keyCount.get()?.n ?? 0) / 2);
    const telling = groups.filter((group) => group.docs <= limit);
    return telling.length > 0 ? telling : groups;
  }

  private tiers(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): RankedKey[] {
    if (groups.length === 0 || limit <= 0) return [];
    const hits = this.ranking.titles(groups, join, limit, guild);
    if (hits.length >= limit) return hits;
    const seen = new Set(hits.map((hit) => hit.key));
    for (const hit of this.ranking.words(groups, join, limit + hits.length, guild)) {
      if (hits.length >= limit) break;
      if (!seen.has(hit.key)) hits.push(hit);
    }
    return hits;
  }

  /** The indexed words one query word stands for: itself, its commonest completions (last word), or near misses. */
  private alternatives({ folded, stem }: QueryWord, last: boolean): string[] {
    const found = new Set<string>();
    if (this.vocabulary.has(stem)) found.add(stem);
    if (last && folded.length >= 2) {
      for (const prefix of new Set([stem, folded])) for (const term of this.vocabulary.completions(prefix, COMPLETIONS)) found.add(term);
    }
    if (found.size === 0 && stem.length >= 4) for (const term of this.vocabulary.nearMisses(stem, NEAR_MISSES)) found.add(term);
    return [...found].slice(0, COMPLETIONS);
  }

  /** Autocomplete keys: ids starting with the input, then titles and ids by their words. */
  suggest(input: string, limit: number, guild: string | null): number[] {
    const text = input.slice(0, MAX_INPUT_LENGTH).trim();
    const keys = new Set<number>();
    if (isValidArticleId(text)) {
      const low = text.toLowerCase();
      for (const row of this.idPrefix.all({ low, high: prefixUpperBound(low), guild, limit })) keys.add(row.key);
    }
    if (keys.size < limit) {
      const words = queryWords(text);
      const groups = this.withoutUbiquitous(words.map((word, i) => this.titleAlternatives(word, i === words.length - 1)).filter((group) => group.phrases.length > 0));
      // A letter or two still being typed, or a common word, would make ranking count a large share of
      // all titles first: newest first is as good a guess at that point, and stays fast.
      const cheap = (words.at(-1)?.folded.length ?? 0) < 3 || groups.some((group) => group.docs > RANK_DOCS_LIMIT);
      const titles = (join: 'AND' | 'OR') => (cheap ? this.ranking.newestTitles(groups, join, limit, guild) : this.ranking.titles(groups, join, limit, guild));
      let hits = groups.length ? titles('AND') : [];
      if (hits.length === 0 && groups.length > 1) hits = titles('OR');
      for (const hit of hits) if (keys.size < limit) keys.add(hit.key);
    }
    return [...keys];
  }

  /** As `alternatives`, but the last word is a prefix straight in the titles' own prefix index. */
  private titleAlternatives({ folded, stem }: QueryWord, last: boolean): Group {
    if (last) {
      const prefixes = [...new Set([stem, folded])].filter((prefix) => this.vocabulary.hasCompletion(prefix));
      // Only the ubiquitous-word test reads a prefix's count, and a completion is never ubiquitous alone.
      if (prefixes.length) return { phrases: prefixes.map((prefix) => `${quote(prefix)}*`), docs: 0 };
    } else if (this.vocabulary.has(stem)) return this.group([stem]);
    return this.group(stem.length >= 4 ? this.vocabulary.nearMisses(stem, NEAR_MISSES) : []);
  }
}
