// The ranked queries behind search and autocomplete in PostgreSQL. Each tier ranks the newest
// SEARCH_WINDOW matches (by first sighting) with ts_rank_cd, as the SQLite side ranks its newest with
// bm25: among thousands of matches the newest are the ones a news reader wants. The window is picked
// first and only its rows are ranked. Weights follow the SQLite side's bm25 weights (title 3, id 2,
// body 1): A (title) 1, C (id) 0.67, B (body) 0.33. Normalization 1|32 divides by the log of the length
// (a shorter, more focused title ranks first) and maps the rank into [0, 1).
//
// What a search costs here: ranking unpacks each candidate's words vector (kept out of line, several
// kilobytes: 5 to 15 microseconds each, where bm25 takes one), hence a window of 300 rather than
// SQLite's 1000; and picking the window reads every match's row unless told where the newest ones are.
// So the title tier is always read through its GIN index, and the body tier the way that reads fewest
// rows, judged from the vocabulary's counts (catalog-plans.ts): when most articles match, the newest
// are walked and checked; when the words are common, the GIN index is read only among the newest
// articles expected to hold the window twice over, and all of them only if that falls short;
// otherwise through the GIN index alone. Which way is taken never changes the window, only its cost.
import type { Pool } from './pool.js';
import { type Scan, selectScanning } from './catalog-plans.js';
import { select, VISIBLE } from './catalog-rows.js';

/** How many of the newest matches each tier ranks. */
export const SEARCH_WINDOW = 300;
/** How many times the window the newest articles read first are expected to hold. */
const SPAN_MARGIN = 2;
/** From this share of matching articles, walking the newest and checking each reads the fewest rows. */
const WALK_SHARE = 0.5;

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
    return this.ranked('title_words', expression(groups, join), limit, guild, 'index').then((hits) => hits.rows);
  }

  /** Articles holding the groups anywhere, best first; `articles` is about how many the catalog holds. */
  async words(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null, articles: number): Promise<RankedId[]> {
    const query = expression(groups, join);
    const share = matchingShare(groups, join, articles);
    if (share >= WALK_SHARE) return (await this.ranked('words', query, limit, guild, 'walk')).rows;
    const span = share > 0 ? Math.ceil((SPAN_MARGIN * SEARCH_WINDOW) / share) : Infinity;
    const from = span < articles / 2 ? await this.newestFrom(span) : undefined;
    if (from) {
      const hits = await this.ranked('words', query, limit, guild, 'index', from);
      if (hits.found >= SEARCH_WINDOW) return hits.rows;
    }
    return (await this.ranked('words', query, limit, guild, 'index')).rows;
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

  /**
   * The first sighting of the `span`th newest id, or undefined when there are fewer. Read from the
   * sightings, a far smaller table than the articles; ids of deleted articles only widen the range.
   */
  private async newestFrom(span: number): Promise<Date | undefined> {
    const rows = await select<{ at: Date }>(this.pool, 'SELECT first_seen_at AS at FROM article_keys ORDER BY first_seen_at DESC OFFSET $skip LIMIT 1', { skip: span - 1 });
    return rows[0]?.at;
  }

  /**
   * The window's best `limit`, read as told (see catalog-plans.ts), and how many matches the window
   * held (SEARCH_WINDOW when full).
   */
  private async ranked(column: Column, query: string, limit: number, guild: string | null, scan: Scan, from?: Date): Promise<{ rows: RankedId[]; found: number }> {
    if (limit <= 0) return { rows: [], found: 0 };
    const rows = await selectScanning<{ id: string; score: number; found: number }>(
      this.pool,
      scan,
      `SELECT id, ts_rank_cd('${WEIGHTS[column]}'::float4[], vector, $query::tsquery, 33) AS score, count(*) OVER ()::integer AS found FROM (
         SELECT a.id, a.first_seen_at, a.${column} AS vector FROM articles a
         WHERE a.${column} @@ $query::tsquery AND ${VISIBLE}${from ? ' AND a.first_seen_at >= $from' : ''}
         ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ${SEARCH_WINDOW}
       ) newest ORDER BY score DESC, first_seen_at DESC, id DESC LIMIT $limit`,
      { query, guild, limit, ...(from ? { from } : {}) },
    );
    return { rows: rows.map(({ id, score }) => ({ id, score })), found: rows[0]?.found ?? 0 };
  }
}

/** About what share of the catalog's articles match, from the words' counts (taken as independent); 0 when unknown. */
export function matchingShare(groups: readonly Group[], join: 'AND' | 'OR', articles: number): number {
  if (articles <= 0 || groups.length === 0) return 0;
  const share = (group: Group) => Math.min(1, group.docs / articles);
  return join === 'AND' ? groups.reduce((product, group) => product * share(group), 1) : Math.min(1, groups.reduce((sum, group) => sum + share(group), 0));
}
