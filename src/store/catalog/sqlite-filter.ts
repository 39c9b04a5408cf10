// A schedule's exact filter (src/core/filter.ts) as FTS5 expressions over the catalog's index, which
// holds filterTokens text: each item is a phrase of its tokens (one word is a phrase of one), in the
// title or the body, never the id and never across the two.
import type { Filter } from '../../core/filter.js';

const phrase = (tokens: readonly string[]): string => `"${tokens.join(' ').replace(/"/g, '""')}"`;

export interface FilterExpressions {
  required?: string;
  excluded?: string;
  /** Required and not excluded, as one expression the index evaluates in one pass (when there is a required part). */
  combined?: string;
}

export function filterExpressions(filter: Filter | null): FilterExpressions {
  if (!filter) return {};
  const out: FilterExpressions = {};
  if (filter.required.length) out.required = `{title body} : (${filter.required.map((item) => phrase(item.tokens)).join(' AND ')})`;
  if (filter.excluded.length) out.excluded = `{title body} : (${filter.excluded.map((item) => phrase(item.tokens)).join(' OR ')})`;
  if (out.required) out.combined = out.excluded ? `(${out.required}) NOT (${out.excluded})` : out.required;
  return out;
}
