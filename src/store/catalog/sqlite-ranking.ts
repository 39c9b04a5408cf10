// The ranked queries behind search and autocomplete: each tier ranks the newest SEARCH_WINDOW matches
// (by first sighting) with bm25. Two costs of FTS5's bm25 shape this:
// - it scores every row it ranks (about a microsecond each), hence the window: among thousands of
//   matches the newest are the ones a news reader wants;
// - before the first row it counts every article holding each alternative, to weigh rare words above
//   common ones, walking each word's whole list: 15 ms for a word in half of a million articles. So in
//   the body tier, words held by more than RANK_DOCS_LIMIT articles still have to match but do not
//   rank: a common word says little about relevance anyway (bm25's weight for it is near zero). Below
//   that the count costs less than scoring the rarer words separately (up to SCORED_ROWS rows).
import type { Database, Statement } from 'better-sqlite3';
import { VISIBLE } from './sqlite-rows.js';

/** How many of the newest matches each tier ranks. */
export const SEARCH_WINDOW = 1000;
/** A word (with its alternatives) in more articles than this is matched but not ranked on in the body tier. */
export const RANK_DOCS_LIMIT = 50_000;
/** Rows the rare words' ranking reads at most, to score the window's candidates. */
const SCORED_ROWS = 2 * SEARCH_WINDOW;

export interface RankedKey {
  key: number;
  score: number;
}

/** One query word's alternatives (quoted FTS5 phrases) and how many articles hold any of them (at most). */
export interface Group {
  phrases: string[];
  docs: number;
}

/** FTS5 syntax: each group is one word's alternatives; groups are joined with AND or OR. */
export function expression(groups: readonly Group[], join: 'AND' | 'OR'): string {
  return groups.map(({ phrases }) => (phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`)).join(` ${join} `);
}

type Params = { expr: string; guild: string | null; limit: number };
type Table = 'article_titles' | 'article_words';

/** With the visibility join only once some article belongs to one server (twice as fast without). */
function ranked(db: Database, table: Table, weights: string, scoped: boolean): Statement<Params, RankedKey> {
  return db.prepare(`SELECT key, score FROM (
      SELECT f.rowid AS key, -bm25(${table}, ${weights}) AS score FROM ${table} f ${scoped ? 'JOIN articles a ON a.key = f.rowid' : ''}
      WHERE ${table} MATCH @expr ${scoped ? `AND ${VISIBLE}` : ''} ORDER BY f.rowid DESC LIMIT ${SEARCH_WINDOW}
    ) ORDER BY score DESC, key DESC LIMIT @limit`);
}

/** The newest matches, unranked (no counting of each word's articles). */
function newest(db: Database, table: Table, scoped: boolean): Statement<Params, number> {
  return db
    .prepare<Params, number>(
      `SELECT f.rowid FROM ${table} f ${scoped ? 'JOIN articles a ON a.key = f.rowid' : ''}
       WHERE ${table} MATCH @expr ${scoped ? `AND ${VISIBLE}` : ''} ORDER BY f.rowid DESC LIMIT @limit`,
    )
    .pluck();
}

export class SqliteRanking {
  private readonly s;

  /** `rankDocsLimit` is for tests, which cannot afford a word in 50,000 articles. */
  constructor(
    db: Database,
    private readonly rankDocsLimit = RANK_DOCS_LIMIT,
  ) {
    this.s = {
      titles: { open: ranked(db, 'article_titles', '3.0, 2.0', false), scoped: ranked(db, 'article_titles', '3.0, 2.0', true) },
      words: { open: ranked(db, 'article_words', '3.0, 1.0, 2.0', false), scoped: ranked(db, 'article_words', '3.0, 1.0, 2.0', true) },
      newest: { open: newest(db, 'article_words', false), scoped: newest(db, 'article_words', true) },
      newestTitles: { open: newest(db, 'article_titles', false), scoped: newest(db, 'article_titles', true) },
      scores: db.prepare<[string], RankedKey>('SELECT rowid AS key, -bm25(article_words, 3.0, 1.0, 2.0) AS score FROM article_words WHERE article_words MATCH ? ORDER BY rowid DESC'),
      anyScoped: db.prepare('SELECT 1 FROM articles WHERE guild_id IS NOT NULL LIMIT 1'),
    };
  }

  private variant(): 'open' | 'scoped' {
    return this.s.anyScoped.get() === undefined ? 'open' : 'scoped';
  }

  /** Articles whose title or id holds the groups, best first. */
  titles(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): RankedKey[] {
    return this.s.titles[this.variant()].all({ expr: expression(groups, join), guild, limit });
  }

  /**
   * Articles whose title or id holds the groups, newest first: for autocomplete on a letter or two, or
   * on a common word, where ranking would first count hundreds of thousands of titles.
   */
  newestTitles(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): RankedKey[] {
    return this.s.newestTitles[this.variant()].all({ expr: expression(groups, join), guild, limit }).map((key) => ({ key, score: 0 }));
  }

  /** Articles holding the groups anywhere, best first, ranked on the rarer words when some are common. */
  words(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): RankedKey[] {
    const variant = this.variant();
    const rare = groups.filter((group) => group.docs <= this.rankDocsLimit);
    if (rare.length === groups.length) return this.s.words[variant].all({ expr: expression(groups, join), guild, limit });
    const candidates = this.s.newest[variant].all({ expr: expression(groups, join), guild, limit: SEARCH_WINDOW });
    if (candidates.length === 0) return [];
    // The rare words' scores, read from the newest end down to the oldest candidate.
    const scores = new Map<number, number>();
    if (rare.length > 0) {
      const wanted = new Set(candidates);
      const oldest = candidates.at(-1)!;
      let read = 0;
      for (const row of this.s.scores.iterate(expression(rare, join))) {
        if (row.key < oldest || ++read > SCORED_ROWS) break;
        if (wanted.has(row.key)) scores.set(row.key, row.score);
      }
    }
    return candidates
      .map((key) => ({ key, score: scores.get(key) ?? 0 }))
      .sort((a, b) => b.score - a.score || b.key - a.key)
      .slice(0, limit);
  }
}
