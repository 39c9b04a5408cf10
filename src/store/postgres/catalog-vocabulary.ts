// The catalog's vocabulary in PostgreSQL: every indexed word with the number of articles holding it.
// Search turns a half-typed last word into its commonest completions and a misspelt word into the
// words one edit away, looked up through the word's one-letter deletions: a handful of index lookups,
// exact, with nothing to install on the server (see the README for how this compared with pg_trgm).
import type pg from 'pg';
import { oneDeletions, prefixUpperBound, withinOneEdit } from '../../core/catalog-text.js';
import type { Pool } from './pool.js';

/** Longer words are rarely typed by hand and would only bloat the variant table. */
const MAX_VARIANT_LENGTH = 24;
const MIN_VARIANT_LENGTH = 3;

/** Adds `sign` (+1 added, -1 removed) to the count of each of an article's distinct lexemes. */
export function countLexemes(deltas: Map<string, number>, lexemes: readonly string[], sign: 1 | -1): void {
  for (const lexeme of lexemes) deltas.set(lexeme, (deltas.get(lexeme) ?? 0) + sign);
}

/** Applies a batch's count changes. Call inside the write transaction, which holds the catalog's lock. */
export async function applyVocabulary(client: pg.PoolClient, deltas: ReadonlyMap<string, number>): Promise<void> {
  const changed = [...deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (changed.length === 0) return;
  const terms = changed.map(([term]) => term);
  // A word seen for the first time gets its variants; a word whose count returns from zero has them.
  const { rows } = await client.query<{ term: string }>(
    'SELECT t AS term FROM unnest($1::text[], $2::integer[]) AS n(t, d) WHERE d > 0 AND NOT EXISTS (SELECT 1 FROM search_terms s WHERE s.term = n.t)',
    [terms, changed.map(([, delta]) => delta)],
  );
  const variants: string[] = [];
  const owners: string[] = [];
  for (const { term } of rows) {
    const length = Array.from(term).length;
    if (length < MIN_VARIANT_LENGTH || length > MAX_VARIANT_LENGTH) continue;
    for (const variant of oneDeletions(term)) {
      variants.push(variant);
      owners.push(term);
    }
  }
  if (variants.length) {
    await client.query('INSERT INTO search_term_variants (variant, term) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [variants, owners]);
  }
  await client.query(
    `INSERT INTO search_terms (term, docs) SELECT * FROM unnest($1::text[], $2::integer[])
     ON CONFLICT (term) DO UPDATE SET docs = search_terms.docs + excluded.docs`,
    [terms, changed.map(([, delta]) => delta)],
  );
}

export class PgVocabulary {
  constructor(private readonly pool: Pool) {}

  /** How many articles hold each of these words (words never seen, or held by none now, are left out). */
  async docs(terms: readonly string[]): Promise<Map<string, number>> {
    if (terms.length === 0) return new Map();
    const { rows } = await this.pool.query<{ term: string; docs: number }>('SELECT term, docs FROM search_terms WHERE term = ANY($1::text[]) AND docs > 0', [terms]);
    return new Map(rows.map((row) => [row.term, row.docs]));
  }

  /** Words that start with `prefix`, commonest first. */
  async completions(prefix: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ term: string }>(
      'SELECT term FROM search_terms WHERE term >= $1 AND term < $2 AND docs > 0 ORDER BY docs DESC, term LIMIT $3',
      [prefix, prefixUpperBound(prefix), limit],
    );
    return rows.map((row) => row.term);
  }

  async hasCompletion(prefix: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM search_terms WHERE term >= $1 AND term < $2 AND docs > 0 LIMIT 1', [prefix, prefixUpperBound(prefix)]);
    return rows.length > 0;
  }

  /** Words one edit (insert, delete, replace, swap) away from `word`, commonest first. */
  async nearMisses(word: string, limit: number): Promise<string[]> {
    const keys = [word, ...oneDeletions(word)];
    // Words sharing a one-letter deletion with `word`, and words `word` has one letter too many for.
    const { rows } = await this.pool.query<{ term: string; docs: number }>(
      `SELECT t.term, t.docs FROM search_term_variants v JOIN search_terms t ON t.term = v.term
       WHERE v.variant = ANY($1::text[]) AND t.docs > 0
       UNION SELECT term, docs FROM search_terms WHERE term = ANY($1::text[]) AND docs > 0`,
      [keys],
    );
    return rows
      .filter((row) => row.term !== word && withinOneEdit(word, row.term))
      .sort((a, b) => b.docs - a.docs || (a.term < b.term ? -1 : 1))
      .slice(0, limit)
      .map((row) => row.term);
  }
}
