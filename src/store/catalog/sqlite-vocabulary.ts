// The catalog's vocabulary: every indexed word with the number of articles holding it. Search uses it
// to turn a half-typed last word into its commonest completions and a misspelt word into the words one
// edit away (looked up through the word's one-letter deletions, so no scan of the vocabulary).
import type { Database, Statement } from 'better-sqlite3';
import { oneDeletions, prefixUpperBound, withinOneEdit } from '../../core/catalog-text.js';

/** Longer words are rarely typed by hand and would only bloat the variant table. */
const MAX_VARIANT_LENGTH = 24;
const MIN_VARIANT_LENGTH = 3;

export class SqliteVocabulary {
  private readonly statements: {
    unknown: Statement<[string], { term: string }>;
    add: Statement<[string]>;
    variant: Statement<[string, string]>;
    docs: Statement<[string], { docs: number }>;
    docsOf: Statement<[string], { term: string; docs: number }>;
    completions: Statement<[string, string, number], { term: string }>;
    anyCompletion: Statement<[string, string], { term: string }>;
  };

  /** Near-miss lookups by the number of keys they bind (a word's length plus one). */
  private readonly nearMissStatements = new Map<number, Statement<string[], { term: string; docs: number }>>();

  constructor(private readonly db: Database) {
    this.statements = {
      // One statement per batch with the counts as JSON: SQLite loops over thousands of words itself.
      unknown: db.prepare("SELECT j.key AS term FROM json_each(?) j WHERE j.value > 0 AND NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.term = j.key)"),
      add: db.prepare(`INSERT INTO search_terms (term, docs) SELECT key, value FROM json_each(?) WHERE value <> 0
        ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs`),
      variant: db.prepare('INSERT OR IGNORE INTO search_term_variants (variant, term) VALUES (?, ?)'),
      docs: db.prepare('SELECT docs FROM search_terms WHERE term = ?'),
      docsOf: db.prepare('SELECT term, docs FROM search_terms WHERE term IN (SELECT value FROM json_each(?))'),
      completions: db.prepare('SELECT term FROM search_terms WHERE term >= ? AND term < ? AND docs > 0 ORDER BY docs DESC, term LIMIT ?'),
      anyCompletion: db.prepare('SELECT term FROM search_terms WHERE term >= ? AND term < ? AND docs > 0 LIMIT 1'),
    };
  }

  /** Adds `delta` articles to each word's count (negative when articles go). Call inside the write transaction. */
  apply(deltas: ReadonlyMap<string, number>): void {
    if (deltas.size === 0) return;
    const json = JSON.stringify(Object.fromEntries(deltas));
    // A word seen for the first time gets its variants; a word whose count returns from zero has them.
    for (const { term } of this.statements.unknown.all(json)) this.addVariants(term);
    this.statements.add.run(json);
  }

  private addVariants(term: string): void {
    const length = Array.from(term).length;
    if (length < MIN_VARIANT_LENGTH || length > MAX_VARIANT_LENGTH) return;
    for (const variant of oneDeletions(term)) this.statements.variant.run(variant, term);
  }

  has(term: string): boolean {
    return (this.statements.docs.get(term)?.docs ?? 0) > 0;
  }

  /** How many articles hold each of these words (words never seen are left out). */
  docs(terms: readonly string[]): Map<string, number> {
    if (terms.length === 0) return new Map();
    return new Map(this.statements.docsOf.all(JSON.stringify(terms)).map((row) => [row.term, row.docs]));
  }

  /** Words that start with `prefix`, commonest first. */
  completions(prefix: string, limit: number): string[] {
    return this.statements.completions.all(prefix, prefixUpperBound(prefix), limit).map((row) => row.term);
  }

  hasCompletion(prefix: string): boolean {
    return this.statements.anyCompletion.get(prefix, prefixUpperBound(prefix)) !== undefined;
  }

  /** Words one edit (insert, delete, replace, swap) away from `word`, commonest first. */
  nearMisses(word: string, limit: number): string[] {
    const keys = [word, ...oneDeletions(word)];
    let statement = this.nearMissStatements.get(keys.length);
    if (!statement) {
      const marks = keys.map(() => '?').join(', ');
      // Words sharing a one-letter deletion with `word`, and words `word` has one letter too many for.
      statement = this.db.prepare(
        `SELECT t.term, t.docs FROM search_term_variants v JOIN search_terms t ON t.term = v.term
         WHERE v.variant IN (${marks}) AND t.docs > 0
         UNION SELECT term, docs FROM search_terms WHERE term IN (${marks}) AND docs > 0`,
      );
      this.nearMissStatements.set(keys.length, statement);
    }
    const rows = statement.all(...keys, ...keys);
    return rows
      .filter((row) => row.term !== word && withinOneEdit(word, row.term))
      .sort((a, b) => b.docs - a.docs || (a.term < b.term ? -1 : 1))
      .slice(0, limit)
      .map((row) => row.term);
  }
}

/** Counts each distinct word of one article once, into `deltas`, with `sign` +1 (added) or -1 (removed). */
export function countDistinct(deltas: Map<string, number>, fields: readonly (readonly string[])[], sign: 1 | -1): void {
  const seen = new Set<string>();
  for (const words of fields) {
    for (const word of words) {
      if (seen.has(word)) continue;
      seen.add(word);
      deltas.set(word, (deltas.get(word) ?? 0) + sign);
    }
  }
}
