// What counts as the same word for search: lower-cased and stripped of accents, and which words are too
// common to look for. The catalog's text (catalog-text.ts) is built on these.

const ASCII_WORD = /^[a-z0-9]+$/;
const FOLD: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };
const STOP_WORDS = new Set(
  ('a an and are as at be but by for from has have he her his i in is it its of on or she that the their ' +
    'they this to was were will with').split(' '),
);

/** Lower-cases and strips accents, so "Łódź" and "lodz" meet. */
export function foldTerm(term: string): string {
  const lower = term.toLowerCase();
  if (ASCII_WORD.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łøđßæœı]/g, (char) => FOLD[char] ?? char);
}

/** Whether a folded word is too common to search for ("the", "and"). */
export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
