// The ranked queries behind search and autocomplete in PostgreSQL. Each tier ranks the newest
// SEARCH_WINDOW matches (by first sighting) with ts_rank_cd, as the SQLite side ranks its newest with
// bm25: among thousands of matches the newest are the ones a news reader wants, and ranking reads each
// candidate's tsvector, so the window keeps a common word's cost bounded. The window is picked first and
// only its rows are ranked. Weights follow the SQLite side's bm25 weights (title 3, id 2, body 1):
// A (title) 1, C (id) 0.67, B (body) 0.33. Normalization 1|32 divides by the log of the length (a
// shorter, more focused title ranks first) and maps the rank into [0, 1).
import type { Pool } from './pool.js';
import { select, VISIBLE } from './catalog-rows.js';

/** How many of the newest matches each tier ranks. */
export const SEARCH_WINDOW = 1000;

export interface RankedId {
  id: string;
  score: number;
}

/** One query word's alternatives (tsquery operands such as 'strike' or 'stri':*) and how many articles hold them (at most). */
export interface Group {
  operands: string[];
  docs: number;
}

export const operand = (lexeme: string, prefix = false): string => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;

/** tsquery syntax: each group is one word's alternatives; groups are joined with & or |. */
export function expression(groups: readonly Group[], join: 'AND' | 'OR'): string {
  return groups.map(({ operands }) => (operands.length === 1 ? operands[0]! : `(${operands.join(' | ')})`)).join(join === 'AND' ? ' & ' : ' | ');
}

type Column = 'title_words' | 'words';
const WEIGHTS: Record<Column, string> = { title_words: '{0, 0.67, 0, 1}', words: '{0, 0.67, 0.33, 1}' };

export class PgRanking {
  constructor(private readonly pool: Pool) {}

  /** Articles whose title or id holds the groups, best first. */
  titles(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): Promise<RankedId[]> {
    return this.ranked('title_words', expression(groups, join), limit, guild);
  }

  /** Articles holding the groups anywhere, best first. */
  words(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): Promise<RankedId[]> {
    return this.ranked('words', expression(groups, join), limit, guild);
  }

  /** Articles whose title or id holds the groups, newest first, unranked: autocomplete on a letter or two. */
  async newestTitles(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null): Promise<RankedId[]> {
    const rows = await select<{ id: string }>(
      this.pool,
      `SELECT a.id FROM articles a WHERE a.title_words @@ $query::tsquery AND ${VISIBLE} ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $limit`,
      { query: expression(groups, join), guild, limit },
    );
    return rows.map(({ id }) => ({ id, score: 0 }));
  }

  private async ranked(column: Column, query: string, limit: number, guild: string | null): Promise<RankedId[]> {
    if (limit <= 0) return [];
    const rows = await select<{ id: string; score: number }>(
      this.pool,
      `SELECT id, ts_rank_cd('${WEIGHTS[column]}'::float4[], vector, $query::tsquery, 33) AS score FROM (
         SELECT a.id, a.first_seen_at, a.${column} AS vector FROM articles a
         WHERE a.${column} @@ $query::tsquery AND ${VISIBLE} ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ${SEARCH_WINDOW}
       ) newest ORDER BY score DESC, first_seen_at DESC, id DESC LIMIT $limit`,
      { query, guild, limit },
    );
    return rows;
  }
}
