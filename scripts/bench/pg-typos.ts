// The one-typo lookup on PostgreSQL, two ways over the same vocabulary: the catalog's own (every word's
// one-letter deletions in search_term_variants, exact) and pg_trgm (a trigram index on the words,
// similar words first, then the same one-edit check), for choosing between them. Recall is the share of
// misspelt words whose intended word comes back.
import { oneDeletions, normalizeWord, withinOneEdit } from '../../src/core/catalog-text.js';
import { PgVocabulary } from '../../src/store/postgres/catalog-vocabulary.js';
import type { Pool } from '../../src/store/postgres/pool.js';
import { mulberry32, type Vocabulary } from './corpus.js';
import { round, sampleEachAsync, summarizeSamples, timeAsync } from './measure.js';

/** Misspelt topic words (a letter dropped, doubled, replaced or two swapped) and what was meant. */
function misspellings(vocab: Vocabulary, seed: number): { typed: string; meant: string }[] {
  const random = mulberry32(seed ^ 0x7e90);
  const out: { typed: string; meant: string }[] = [];
  while (out.length < 200) {
    const meant = normalizeWord(vocab.words[60 + Math.floor(random() * 1500)]!);
    if (meant.length < 5) continue;
    const at = 1 + Math.floor(random() * (meant.length - 2));
    const kind = out.length % 4;
    const typed =
      kind === 0 ? meant.slice(0, at) + meant.slice(at + 1)
      : kind === 1 ? meant.slice(0, at) + meant[at] + meant.slice(at)
      : kind === 2 ? `${meant.slice(0, at)}${meant[at] === 'e' ? 'a' : 'e'}${meant.slice(at + 1)}`
      : meant.slice(0, at) + meant[at + 1] + meant[at] + meant.slice(at + 2);
    if (typed !== meant) out.push({ typed, meant });
  }
  return out;
}

const stats = (samples: number[]) => {
  const { p50, p95 } = summarizeSamples(samples);
  return { p50: round(p50, 2), p95: round(p95, 2) };
};

export async function measureTypoLookups(pool: Pool, vocab: Vocabulary, seed: number) {
  const cases = misspellings(vocab, seed);
  const typed = cases.map((c) => c.typed);
  const recall = (found: Map<string, string[]>) => round(cases.filter((c) => found.get(c.typed)?.includes(c.meant)).length / cases.length, 3);

  const vocabulary = new PgVocabulary(pool);
  const byDeletions = new Map<string, string[]>();
  const deletionMs = await sampleEachAsync(typed, async (word) => byDeletions.set(word, await vocabulary.nearMisses(word, 5)), typed);

  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  const build = await timeAsync(() => pool.query('CREATE INDEX bench_terms_trgm ON search_terms USING gin (term gin_trgm_ops)'));
  const { rows } = await pool.query<{ bytes: string; terms: string }>("SELECT pg_relation_size('bench_terms_trgm')::text AS bytes, (SELECT count(*) FROM search_terms)::text AS terms");
  const trigram = async (threshold: number) => {
    const found = new Map<string, string[]>();
    const client = await pool.connect();
    try {
      await client.query(`SET pg_trgm.similarity_threshold = ${threshold}`);
      const ms = await sampleEachAsync(typed, async (word) => {
        const result = await client.query<{ term: string }>(
          'SELECT term FROM search_terms WHERE term % $1 AND docs > 0 ORDER BY similarity(term, $1) DESC, docs DESC LIMIT 50',
          [word],
        );
        found.set(word, result.rows.map((row) => row.term).filter((term) => term !== word && withinOneEdit(word, term)).slice(0, 5));
      }, typed);
      return { ms: stats(ms), recall: recall(found) };
    } finally {
      client.release();
    }
  };
  const atDefault = await trigram(0.3);
  const atLower = await trigram(0.15);
  await pool.query('DROP INDEX bench_terms_trgm');
  return {
    vocabularyTerms: Number(rows[0]!.terms),
    averageDeletions: round(typed.reduce((sum, word) => sum + oneDeletions(word).length, 0) / typed.length, 1),
    deletions: { ms: stats(deletionMs), recall: recall(byDeletions) },
    pgTrgm: { indexBuildMs: round(build.ms, 0), indexMb: round(Number(rows[0]!.bytes) / 2 ** 20, 2), threshold030: atDefault, threshold015: atLower },
  };
}
