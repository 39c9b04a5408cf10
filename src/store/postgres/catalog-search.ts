// Search and autocomplete over the PostgreSQL catalog: what a query's words stand for (completions of a
// half-typed last word, near misses of an unknown one, from the vocabulary), and the tiers they are
// ranked in (catalog-ranking.ts). The same rules as the SQLite side (sqlite-search.ts): articles whose
// title or id holds every word come first, then articles holding every word anywhere; any word when no
// article has them all. Unlike SQLite, no common word is left out of a long query: a GIN index
// intersects a rare word's short list with a common word's long one without walking the long one.
import { isValidArticleId } from '../../core/article.js';
import { prefixUpperBound, type QueryWord, queryWords } from '../../core/catalog-text.js';
import { catalogSize } from './catalog-plans.js';
import { select, VISIBLE } from './catalog-rows.js';
import { type Group, operand, PgRanking, type RankedId } from './catalog-ranking.js';
import type { PgVocabulary } from './catalog-vocabulary.js';
import type { Pool } from './pool.js';

/** Completions of a half-typed last word, commonest first (as many as the SQLite side takes). */
const COMPLETIONS = 8;
const NEAR_MISSES = 5;
const MAX_INPUT_LENGTH = 200;
/** A title word in more articles than this makes autocomplete list the newest titles unranked. */
const RANK_DOCS_LIMIT = 50_000;

export class PgSearch {
  private readonly ranking: PgRanking;

  constructor(
    private readonly pool: Pool,
    private readonly vocabulary: PgVocabulary,
  ) {
    this.ranking = new PgRanking(pool);
  }

  /** Ranked ids, and the indexed words the query stood for (to find each hit's matching words). */
  async search(query: string, limit: number, guild: string | null): Promise<{ hits: RankedId[]; stems: Set<string> }> {
    const words = queryWords(query.slice(0, MAX_INPUT_LENGTH));
    const alternatives = (await Promise.all(words.map((word, i) => this.alternatives(word, i === words.length - 1)))).filter((terms) => terms.length > 0);
    const stems = new Set(alternatives.flat());
    // The counts say where the newest matches of common words lie (see catalog-ranking.ts).
    const [docs, articles] = await Promise.all([this.vocabulary.docs([...stems]), catalogSize(this.pool)]);
    const groups = alternatives.map((terms): Group => ({ operands: terms.map((term) => operand(term)), docs: terms.reduce((sum, term) => sum + (docs.get(term) ?? 0), 0) }));
    let hits = await this.tiers(groups, 'AND', limit, guild, articles);
    if (hits.length === 0 && groups.length > 1) hits = await this.tiers(groups, 'OR', limit, guild, articles);
    return { hits, stems };
  }

  /** Title matches first (scored from 1 up), then the rest (below 1), so a higher score is a better hit. */
  private async tiers(groups: readonly Group[], join: 'AND' | 'OR', limit: number, guild: string | null, articles: number): Promise<RankedId[]> {
    if (groups.length === 0 || limit <= 0) return [];
    const hits = (await this.ranking.titles(groups, join, limit, guild)).map(({ id, score }) => ({ id, score: 1 + score }));
    if (hits.length >= limit) return hits;
    const seen = new Set(hits.map((hit) => hit.id));
    for (const hit of await this.ranking.words(groups, join, limit + hits.length, guild, articles)) {
      if (hits.length >= limit) break;
      if (!seen.has(hit.id)) hits.push(hit);
    }
    return hits;
  }

  /** The indexed words one query word stands for: itself, its commonest completions (last word), or near misses. */
  private async alternatives({ folded, stem }: QueryWord, last: boolean): Promise<string[]> {
    const found = new Set<string>();
    if ((await this.vocabulary.docs([stem])).has(stem)) found.add(stem);
    if (last && folded.length >= 2) {
      for (const prefix of new Set([stem, folded])) for (const term of await this.vocabulary.completions(prefix, COMPLETIONS)) found.add(term);
    }
    if (found.size === 0 && stem.length >= 4) for (const term of await this.vocabulary.nearMisses(stem, NEAR_MISSES)) found.add(term);
    return [...found].slice(0, COMPLETIONS);
  }

  /** Autocomplete ids: ids starting with the input, then titles and ids by their words. */
  async suggest(input: string, limit: number, guild: string | null): Promise<string[]> {
    const text = input.slice(0, MAX_INPUT_LENGTH).trim();
    const ids = new Set<string>();
    if (isValidArticleId(text)) {
      const low = text.toLowerCase();
      const rows = await select<{ id: string }>(
        this.pool,
        `SELECT a.id FROM articles a WHERE lower(a.id) >= $low AND lower(a.id) < $high AND ${VISIBLE} ORDER BY lower(a.id), a.id LIMIT $limit`,
        { low, high: prefixUpperBound(low), guild, limit },
      );
      for (const row of rows) ids.add(row.id);
    }
    if (ids.size < limit) {
      const words = queryWords(text);
      const groups = (await Promise.all(words.map((word, i) => this.titleAlternatives(word, i === words.length - 1)))).filter((group) => group.operands.length > 0);
      // A letter or two still being typed, or a common word, would make ranking read a large share of
      // all titles first: newest first is as good a guess at that point, and stays fast.
      const cheap = (words.at(-1)?.folded.length ?? 0) < 3 || groups.some((group) => group.docs > RANK_DOCS_LIMIT);
      const titles = (join: 'AND' | 'OR') => (cheap ? this.ranking.newestTitles(groups, join, limit, guild) : this.ranking.titles(groups, join, limit, guild));
      let hits = groups.length ? await titles('AND') : [];
      if (hits.length === 0 && groups.length > 1) hits = await titles('OR');
      for (const hit of hits) if (ids.size < limit) ids.add(hit.id);
    }
    return [...ids];
  }

  /** As `alternatives`, but the last word is a prefix query on the titles' vector itself. */
  private async titleAlternatives({ folded, stem }: QueryWord, last: boolean): Promise<Group> {
    if (last) {
      const prefixes: string[] = [];
      for (const prefix of new Set([stem, folded])) if (await this.vocabulary.hasCompletion(prefix)) prefixes.push(prefix);
      // Only the common-word test reads a prefix's count, and a completion is never that common alone.
      if (prefixes.length) return { operands: prefixes.map((prefix) => operand(prefix, true)), docs: 0 };
    } else {
      const docs = (await this.vocabulary.docs([stem])).get(stem);
      if (docs !== undefined) return { operands: [operand(stem)], docs };
    }
    const near = stem.length >= 4 ? await this.vocabulary.nearMisses(stem, NEAR_MISSES) : [];
    const docs = await this.vocabulary.docs(near);
    return { operands: near.map((term) => operand(term)), docs: near.reduce((sum, term) => sum + (docs.get(term) ?? 0), 0) };
  }
}
