// What counts as a word for search: letters and digits, lower-cased and stripped of accents, stop words
// dropped. Queries use indexTerms; documents go through TermCounter, which finds the same terms without
// allocating a string per word, because indexing every word of every article is most of cold start.

const TOKEN = /[\p{L}\p{N}]+/gu;
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

/** Index terms of a text, in order, stop words dropped. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const term = foldTerm(match[0]);
    if (!STOP_WORDS.has(term)) out.push(term);
  }
  return out;
}

// By char code: 1 for ASCII letters and digits, 0 for everything else in ASCII.
const ASCII_KIND = new Uint8Array(128).map((_, code) => ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0));
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const nonAsciiWordChar = new Map<number, boolean>();

/** Code units taken by the letter or digit at `at` (2 for a surrogate pair); 0 when there is none. */
function wordCharWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128) return ASCII_KIND[code] === 0 ? 0 : 1;
  const next = code >= 0xd800 && code <= 0xdbff ? text.charCodeAt(at + 1) : 0;
  const pair = next >= 0xdc00 && next <= 0xdfff;
  const codePoint = pair ? (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000 : code;
  let isWord = nonAsciiWordChar.get(codePoint);
  if (isWord === undefined) {
    isWord = WORD_CHAR.test(String.fromCodePoint(codePoint));
    nonAsciiWordChar.set(codePoint, isWord);
  }
  return isWord ? (pair ? 2 : 1) : 0;
}

// FNV-1a over UTF-16 code units of the (folded) term.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(term: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < term.length; i++) hash = Math.imul(hash ^ term.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * Counts the terms of one document at a time, with the terms indexTerms would give. Each distinct term
 * gets an id and may carry a value (the index keeps its postings there). An ASCII word is hashed and
 * compared where it stands in the text, so a word seen before costs no allocation and no second lookup.
 */
export class TermCounter<T> {
  private mask = 1023;
  private slots = new Int32Array(1024).fill(-1);
  private readonly terms: string[] = [];
  private readonly hashes: number[] = [];
  private readonly values: (T | undefined)[] = [];
  /** Ids below this are stop words (interned first so a lookup finds them). */
  private readonly stopIds: number;
  // The current document: the terms in first-seen order, their summed weights, and the total weight.
  private touched: number[] = [];
  private seenIn = new Int32Array(1024);
  private weights = new Float64Array(1024);
  private document = 1;
  private length = 0;

  constructor() {
    for (const word of STOP_WORDS) this.idOf(word);
    this.stopIds = this.terms.length;
  }

  value(id: number): T | undefined {
    return this.values[id];
  }

  setValue(id: number, value: T): void {
    this.values[id] = value;
  }

  /** Adds every term of `text` to the current document with `weight`. */
  count(text: string, weight: number): void {
    const end = text.length;
    let at = 0;
    while (at < end) {
      const start = at;
      let hash = FNV_OFFSET;
      let ascii = true;
      while (at < end) {
        const code = text.charCodeAt(at);
        if (code < 128) {
          if (ASCII_KIND[code] === 0) break;
          // Setting bit 5 lower-cases an ASCII letter and leaves a digit as it is.
          hash = Math.imul(hash ^ (code | 32), FNV_PRIME);
          at++;
          continue;
        }
        // A letter or digit outside ASCII: the rest of the word goes through foldTerm, as in indexTerms.
        let width = wordCharWidth(text, at);
        if (width === 0) break;
        ascii = false;
        while (width > 0) {
          at += width;
          width = at < end ? wordCharWidth(text, at) : 0;
        }
        break;
      }
      if (at === start) {
        at++;
        continue;
      }
      const id = ascii ? this.idOfAscii(text, start, at, hash) : this.idOf(foldTerm(text.slice(start, at)));
      if (id < this.stopIds) continue;
      if (this.seenIn[id] !== this.document) {
        this.seenIn[id] = this.document;
        this.weights[id] = 0;
        this.touched.push(id);
      }
      this.weights[id]! += weight;
      this.length += weight;
    }
  }

  /** Visits the current document's terms in first-seen order with their weights; returns its length. */
  drain(visit: (id: number, term: string, weight: number) => void): number {
    for (const id of this.touched) visit(id, this.terms[id]!, this.weights[id]!);
    const length = this.length;
    this.touched = [];
    this.length = 0;
    this.document++;
    return length;
  }

  private idOfAscii(text: string, start: number, end: number, hash: number): number {
    const size = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = this.slots[slot]!;
      if (id === -1) return this.insert(slot, text.slice(start, end).toLowerCase(), hash);
      if (this.hashes[id] !== hash) continue;
      const term = this.terms[id]!;
      if (term.length !== size) continue;
      let i = 0;
      while (i < size) {
        if ((text.charCodeAt(start + i) | 32) !== term.charCodeAt(i)) break;
        i++;
      }
      if (i === size) return id;
    }
  }

  private idOf(term: string): number {
    const hash = hashOf(term);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = this.slots[slot]!;
      if (id === -1) return this.insert(slot, term, hash);
      if (this.hashes[id] === hash && this.terms[id] === term) return id;
    }
  }

  private insert(slot: number, term: string, hash: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    this.hashes.push(hash);
    this.values.push(undefined);
    this.slots[slot] = id;
    if (id >= this.seenIn.length) {
      const seenIn = new Int32Array(this.seenIn.length * 2);
      seenIn.set(this.seenIn);
      this.seenIn = seenIn;
      const weights = new Float64Array(this.weights.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    // Kept at most half full so probe runs stay short.
    if (this.terms.length * 2 > this.mask) {
      this.mask = this.mask * 2 + 1;
      this.slots = new Int32Array(this.mask + 1).fill(-1);
      this.hashes.forEach((h, i) => {
        let s = h & this.mask;
        while (this.slots[s] !== -1) s = (s + 1) & this.mask;
        this.slots[s] = i;
      });
    }
    return id;
  }
}
