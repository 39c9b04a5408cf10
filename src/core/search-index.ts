// A small BM25 full-text index built for this bot's workload: thousands to a hundred thousand articles,
// frequent lookups, occasional edits. Hand-written because a general library (MiniSearch) measured
// about 3.7 s to index 10,000 typical articles and 25 ms per query, over our start-up and latency budgets.
//
// Fields are folded into one weighted term frequency per document (a title word counts as several body
// words). Removal leaves a tombstone; the postings are rebuilt once enough of them pile up.

const TOKEN = /[\p{L}\p{N}]+/gu;
const ASCII_WORD = /^[a-z0-9]+$/;
const FOLD: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };
const STOP_WORDS = new Set(
  ('a an and are as at be but by for from has have he her his i in is it its of on or she that the their ' +
    'they this to was were will with').split(' '),
);

const K1 = 1.2;
const B = 0.75;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.45;
const MAX_EXPANSIONS = 40;
const MAX_QUERY_TERMS = 12;

/** Lower-cases and strips accents, so "Łódź" and "lodz" meet. */
export function foldTerm(term: string): string {
  const lower = term.toLowerCase();
  if (ASCII_WORD.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łøđßæœı]/g, (char) => FOLD[char] ?? char);
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

export interface IndexedFields {
  /** Pairs of text and weight, e.g. [[title, 3], [body, 1]]. */
  fields: ReadonlyArray<readonly [string, number]>;
}

export interface IndexHit {
  key: string;
  score: number;
  /** Index terms of this document that matched the query. */
  terms: string[];
}

export interface QueryOptions {
  limit: number;
  /** Treat the last query word as a prefix (autocomplete while typing). */
  prefix?: boolean;
  /** Allow one typo (two in long words) when a word has no exact match. */
  fuzzy?: boolean;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

interface Expansion {
  term: string;
  weight: number;
}

export class SearchIndex {
  private readonly postings = new Map<string, Posting>();
  private keys: (string | undefined)[] = [];
  private lengths: number[] = [];
  private readonly slotOf = new Map<string, number>();
  private totalLength = 0;
  private dead = 0;
  private sortedTerms: string[] | undefined;
  private scores = new Float64Array(0);
  private hits = new Uint16Array(0);
  /** Kept so a rebuild after many removals does not need the caller again. */
  private docs: (IndexedFields | undefined)[] = [];

  get size(): number {
    return this.slotOf.size;
  }

  add(key: string, doc: IndexedFields): void {
    if (this.slotOf.has(key)) this.remove(key);
    const slot = this.keys.length;
    this.keys.push(key);
    this.docs.push(doc);
    this.slotOf.set(key, slot);
    const counts = new Map<string, number>();
    let length = 0;
    for (const [text, weight] of doc.fields) {
      for (const term of indexTerms(text)) {
        counts.set(term, (counts.get(term) ?? 0) + weight);
        length += weight;
      }
    }
    this.lengths.push(length);
    this.totalLength += length;
    for (const [term, tf] of counts) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { docs: [], tfs: [] };
        this.postings.set(term, posting);
        this.sortedTerms = undefined;
      }
      posting.docs.push(slot);
      posting.tfs.push(tf);
    }
  }

  remove(key: string): boolean {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return false;
    this.slotOf.delete(key);
    this.keys[slot] = undefined;
    this.docs[slot] = undefined;
    this.totalLength -= this.lengths[slot] ?? 0;
    this.dead++;
    if (this.dead > 1000 && this.dead > this.keys.length / 4) this.rebuild();
    return true;
  }

  search(query: string, options: QueryOptions): IndexHit[] {
    const words = indexTerms(query).slice(0, MAX_QUERY_TERMS);
    if (words.length === 0 || this.size === 0) return [];
    const groups = words.map((word, i) => this.expand(word, options.prefix === true && i === words.length - 1, options.fuzzy === true));
    let hits = this.score(groups, groups.filter((group) => group.length > 0).length, options.limit);
    if (hits.length === 0 && groups.length > 1) hits = this.score(groups, 1, options.limit);
    return hits;
  }

  /** The index terms a query word stands for: itself, words it begins (while typing), or near misses. */
  private expand(word: string, prefix: boolean, fuzzy: boolean): Expansion[] {
    const out: Expansion[] = [];
    if (this.postings.has(word)) out.push({ term: word, weight: 1 });
    if (prefix) {
      const terms = this.terms();
      let at = lowerBound(terms, word);
      const found: string[] = [];
      for (; at < terms.length && terms[at]!.startsWith(word); at++) if (terms[at] !== word) found.push(terms[at]!);
      // Prefer the commonest completions: they are what people are most likely typing.
      found.sort((a, b) => this.postings.get(b)!.docs.length - this.postings.get(a)!.docs.length);
      for (const term of found.slice(0, MAX_EXPANSIONS)) out.push({ term, weight: PREFIX_WEIGHT });
    }
    if (fuzzy && out.length === 0 && word.length >= 4) {
      const maxEdits = word.length >= 8 ? 2 : 1;
      for (const term of this.terms()) {
        if (out.length >= MAX_EXPANSIONS) break;
        if (term[0] === word[0] && Math.abs(term.length - word.length) <= maxEdits && withinEdits(word, term, maxEdits)) {
          out.push({ term, weight: FUZZY_WEIGHT });
        }
      }
    }
    return out;
  }

  private score(groups: Expansion[][], required: number, limit: number): IndexHit[] {
    const slots = this.keys.length;
    if (this.scores.length < slots) {
      this.scores = new Float64Array(slots * 2);
      this.hits = new Uint16Array(slots * 2);
    }
    const { scores, hits } = this;
    const touched: number[] = [];
    const live = this.size;
    const averageLength = this.totalLength / Math.max(1, live) || 1;
    for (const [groupIndex, group] of groups.entries()) {
      // One bit per query word (up to 12), so a word matched through several expansions counts once.
      const bit = 1 << groupIndex;
      for (const { term, weight } of group) {
        const posting = this.postings.get(term)!;
        const idf = Math.log(1 + (live - posting.docs.length + 0.5) / (posting.docs.length + 0.5));
        for (let i = 0; i < posting.docs.length; i++) {
          const slot = posting.docs[i]!;
          if (this.keys[slot] === undefined) continue;
          const tf = posting.tfs[i]!;
          const norm = tf + K1 * (1 - B + (B * this.lengths[slot]!) / averageLength);
          if (hits[slot] === 0) touched.push(slot);
          hits[slot]! |= bit;
          scores[slot]! += (weight * idf * (tf * (K1 + 1))) / norm;
        }
      }
    }
    const ranked: number[] = [];
    for (const slot of touched) if (popCount(hits[slot]!) >= required) ranked.push(slot);
    ranked.sort((a, b) => scores[b]! - scores[a]! || (this.keys[a]! < this.keys[b]! ? -1 : 1));
    const out = ranked.slice(0, limit).map((slot) => ({
      key: this.keys[slot]!,
      score: scores[slot]!,
      terms: groups.flat().filter(({ term }) => hasSlot(this.postings.get(term)!.docs, slot)).map(({ term }) => term),
    }));
    for (const slot of touched) {
      scores[slot] = 0;
      hits[slot] = 0;
    }
    return out;
  }

  private terms(): string[] {
    this.sortedTerms ??= [...this.postings.keys()].sort();
    return this.sortedTerms;
  }

  private rebuild(): void {
    const live = this.keys.flatMap((key, slot) => (key === undefined ? [] : [[key, this.docs[slot]!] as const]));
    this.postings.clear();
    this.keys = [];
    this.docs = [];
    this.lengths = [];
    this.slotOf.clear();
    this.totalLength = 0;
    this.dead = 0;
    this.sortedTerms = undefined;
    for (const [key, doc] of live) this.add(key, doc);
  }
}

/** Postings list slots in the order documents were added, so they are sorted. */
function hasSlot(docs: number[], slot: number): boolean {
  const at = lowerBound(docs, slot);
  return docs[at] === slot;
}

/** The first position in a sorted array whose key is not below `value`. */
export function lowerBound<T, K extends string | number>(
  sorted: readonly T[],
  value: K,
  keyOf: (item: T) => K = (item) => item as unknown as K,
): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (keyOf(sorted[mid]!) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function popCount(bits: number): number {
  let count = 0;
  for (let b = bits; b; b &= b - 1) count++;
  return count;
}

/** Levenshtein distance of at most `max`, with an early exit once every path is over it. */
export function withinEdits(a: string, b: string, max: number): boolean {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > max) return false;
    previous = current;
  }
  return previous[b.length]! <= max;
}
