// Ranked search and autocomplete over the catalog's FTS5 tables.
//
// Ranking: articles whose title or id holds every word come first (bm25 over titles and ids), then
// articles holding every word anywhere (bm25 with the title weighted 3, the id 2, the body 1). Title
// matches are ranked on the small titles index alone: FTS5 scores a given row only by walking the
// word's whole list of articles, so re-scoring them over the body would cost time in proportion to the
// catalog. When no
// article holds every word, any word will do. Each tier ranks the newest WINDOW matches (by first
// sighting): bm25 must score every row it ranks (about a microsecond each), so an unbounded common word
// would cost time in proportion to the catalog, and among thousands of matches the newest are the ones
// a news reader wants. Visibility needs a join only once some article belongs to one server.
import type { Database, Statement } from 'better-sqlite3';
import { type QueryWord, queryWords } from '../../core/catalog-text.js';
import { isValidArticleId } from '../../core/article.js';
import { prefixUpperBound } from '../../core/catalog-text.js';
import type { SqliteVocabulary } from './sqlite-vocabulary.js';
import { VISIBLE } from './sqlite-rows.js';

/** How many of the newest matches each tier ranks. */
export const SEARCH_WINDOW = 1000;
/**
 * Completions of a half-typed last word, commonest first. bm25 costs each alternative on every row it
 * ranks, so a handful: the in-memory index took forty, but weighted them at about half a match.
 */
const COMPLETIONS = 8;
const NEAR_MISSES = 5;
const MAX_INPUT_LENGTH = 200;

export interface RankedKey {
  key: number;
  score: number;
}

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;

/** FTS5 syntax: each group is one word's alternatives; groups are joined with AND or OR. */
function expression(groups: readonly string[][], join: 'AND' | 'OR'): string {
  return groups.map((group) => (group.length === 1 ? group[0]! : `(${group.join(' OR ')})`)).join(` ${join} `);
}

type RankedStatement = Statement<{ expr: string; guild: string | null; limit: number }, RankedKey>;

/** The tier's query: with the visibility join when `scoped`, else on the index alone (twice as fast). */
function ranked(db: Database, table: 'article_titles' | 'article_words', weights: string, scoped: boolean): RankedStatement {
  const join = scoped ? `JOIN articles a ON a.key = f.rowid` : '';
  const visible = scoped ? `AND ${VISIBLE}` : '';
  return db.prepare(`SELECT key, score FROM (
      SELECT f.rowid AS key, -bm25(${table}, ${weights}) AS score FROM ${table} f ${join}
      WHERE ${table} MATCH @expr ${visible} ORDER BY f.rowid DESC LIMIT ${SEARCH_WINDOW}
    ) ORDER BY score DESC, key DESC LIMIT @limit`);
}

export class SqliteSearch {
  private readonly rankers: Record<'titles' | 'words', Record<'scoped' | 'open', RankedStatement>>;
  private readonly anyScoped: Statement<[], unknown>;
  private readonly idPrefix;

  constructor(
    db: Database,
    private readonly vocabulary: SqliteVocabulary,
  ) {
    this.rankers = {
      titles: { scoped: ranked(db, 'article_titles', '3.0, 2.0', true), open: ranked(db, 'article_titles', '3.0, 2.0', false) },
      words: { scoped: ranked(db, 'article_words', '3.0, 1.0, 2.0', true), open: ranked(db, 'article_words', '3.0, 1.0, 2.0', false) },
    };
    this.anyScoped = db.prepare('SELECT 1 FROM articles WHERE guild_id IS NOT NULL LIMIT 1');
    this.idPrefix = db.prepare<{ low: string; high: string; guild: string | null; limit: number }, { key: number }>(
      `SELECT a.key FROM articles a WHERE lower(a.id) >= @low AND lower(a.id) < @high AND ${VISIBLE} ORDER BY lower(a.id), a.id LIMIT @limit`,
    );
  }

  /** Ranked keys, and the indexed words the query stood for (to find each hit's matching words). */
  search(query: string, limit: number, guild: string | null): { hits: RankedKey[]; stems: Set<string> } {
    const words = queryWords(query.slice(0, MAX_INPUT_LENGTH));
    const stems = new Set<string>();
    const groups = words.map((word, i) => this.alternatives(word, i === words.length - 1)).filter((group) => group.length > 0);
    for (const group of groups) for (const term of group) stems.add(term);
    const quoted = groups.map((group) => group.map(quote));
    let hits = this.tiers(quoted, 'AND', limit, guild);
    if (hits.length === 0 && quoted.length > 1) hits = this.tiers(quoted, 'OR', limit, guild);
    return { hits, stems };
  }

  /** The tier's statement: without the visibility join while every article is visible everywhere. */
  private ranker(tier: 'titles' | 'words'): RankedStatement {
    return this.rankers[tier][this.anyScoped.get() === undefined ? 'open' : 'scoped'];
  }

  private tiers(groups: string[][], join: 'AND' | 'OR', limit: number, guild: string | null): RankedKey[] {
    if (groups.length === 0 || limit <= 0) return [];
    const expr = expression(groups, join);
    const hits = this.ranker('titles').all({ expr, guild, limit });
    if (hits.length >= limit) return hits;
    const seen = new Set(hits.map((hit) => hit.key));
    for (const hit of this.ranker('words').all({ expr, guild, limit: limit + hits.length })) {
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
      const groups = words.map((word, i) => this.titleAlternatives(word, i === words.length - 1)).filter((group) => group.length > 0);
      const titles = this.ranker('titles');
      let hits = groups.length ? titles.all({ expr: expression(groups, 'AND'), guild, limit }) : [];
      if (hits.length === 0 && groups.length > 1) hits = titles.all({ expr: expression(groups, 'OR'), guild, limit });
      for (const hit of hits) if (keys.size < limit) keys.add(hit.key);
    }
    return [...keys];
  }

  /** As `alternatives`, but the last word is a prefix straight in the titles' own prefix index. */
  private titleAlternatives({ folded, stem }: QueryWord, last: boolean): string[] {
    if (last) {
      const prefixes = [...new Set([stem, folded])].filter((prefix) => this.vocabulary.hasCompletion(prefix));
      if (prefixes.length) return prefixes.map((prefix) => `${quote(prefix)}*`);
    } else if (this.vocabulary.has(stem)) return [quote(stem)];
    return stem.length >= 4 ? this.vocabulary.nearMisses(stem, NEAR_MISSES).map(quote) : [];
  }
}
