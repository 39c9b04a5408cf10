// A schedule's exact filter (src/core/filter.ts) as a condition on the catalog's articles. Each item is
// a phrase of its tokens (one word is a phrase of one) that must appear within the title or within the
// body, never the id: in tsquery terms 'a':AB <-> 'b':AB, required items joined with &, excluded ones
// under one !( | ). An article whose tsvector is not exact (see catalog-vectors.ts) is checked on its
// normalized words as text instead, with the same item spelled ' a b ', which can only match whole
// words in a row inside one field. Both select exactly what matchesFilter accepts.
import type { Filter, FilterItem } from '../../core/filter.js';

const lexeme = (token: string): string => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}':AB`;
const phrase = (item: FilterItem): string => `(${item.tokens.map(lexeme).join(' <-> ')})`;
const asText = (item: FilterItem): string => ` ${item.tokens.join(' ')} `;

export interface FilterSql {
  /** An SQL condition on `a` (the articles row), with its parameters (named, see named-params.ts). */
  condition: string;
  params: Record<string, unknown>;
}

/** The filter as SQL; `prefix` keeps parameter names apart when a query holds two filters. */
export function filterSql(filter: Filter | null, prefix = 'filter'): FilterSql | undefined {
  if (!filter || (filter.required.length === 0 && filter.excluded.length === 0)) return undefined;
  const parts: string[] = [];
  if (filter.required.length) parts.push(filter.required.map(phrase).join(' & '));
  if (filter.excluded.length) parts.push(`!(${filter.excluded.map(phrase).join(' | ')})`);
  const params: Record<string, unknown> = { [`${prefix}Query`]: parts.join(' & ') };
  const checks: string[] = [];
  filter.required.forEach((item, i) => {
    params[`${prefix}R${i}`] = asText(item);
    checks.push(`strpos(a.exact_text, $${prefix}R${i}) > 0`);
  });
  filter.excluded.forEach((item, i) => {
    params[`${prefix}X${i}`] = asText(item);
    checks.push(`strpos(a.exact_text, $${prefix}X${i}) = 0`);
  });
  // Two arms, each with an index: the words' GIN index, and the partial index of inexact articles.
  const condition = `((a.exact_text IS NULL AND a.words @@ $${prefix}Query::tsquery) OR (a.exact_text IS NOT NULL AND ${checks.join(' AND ')}))`;
  return { condition, params };
}
