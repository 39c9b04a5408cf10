// Lists that may outgrow one message (/schedule list, /feed list): fields split into pages that each
// stay inside Discord's embed limits, with Previous / Next buttons whose custom ids carry the page.
import { codePoints, type EmbedField, LIMITS } from '../core/limits.js';
import { type ActionRow, ButtonStyle } from '../core/payload.js';

/** Fields a page shows at most: readable on a phone, and well inside the 25-field limit. */
const PER_PAGE = 8;
/** Room a page leaves for its title and footer under the 6000 code-point total. */
const PAGE_TEXT_BUDGET = LIMITS.embedTotal - 200;

/** Splits the fields into pages by count and by text, so every page is a valid embed. */
export function paginateFields(fields: EmbedField[]): EmbedField[][] {
  const pages: EmbedField[][] = [];
  let page: EmbedField[] = [];
  let size = 0;
  for (const f of fields) {
    const length = codePoints(f.name) + codePoints(f.value);
    if (page.length > 0 && (page.length >= PER_PAGE || size + length > PAGE_TEXT_BUDGET)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(f);
    size += length;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Previous / Next for page `page` of `pages` (none when there is one page); `idOf` names each button's target. */
export function pagerRows(page: number, pages: number, idOf: (page: number, tag: 'p' | 'n') => string): ActionRow[] {
  if (pages <= 1) return [];
  return [{
    type: 1,
    components: [
      { type: 2, style: ButtonStyle.Secondary, label: 'Previous', custom_id: idOf(Math.max(0, page - 1), 'p'), disabled: page === 0 },
      { type: 2, style: ButtonStyle.Secondary, label: 'Next', custom_id: idOf(Math.min(pages - 1, page + 1), 'n'), disabled: page === pages - 1 },
    ],
  }];
}
