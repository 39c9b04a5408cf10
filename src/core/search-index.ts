// A small BM25 full-text index built for this bot's workload: thousands to a hundred thousand articles,
// frequent lookups, occasional edits. Hand-written because a general library (MiniSearch) measured
// about 3.7 s to index 10,000 typical articles and 25 ms per query, over our start-up and latency budgets.
//
// Fields are folded into one weighted term frequency per document (a title word counts as several body
// words). Removal leaves a tombstone; the postings are rebuilt once enough of them pile up.

import { indexTerms, TermCounter } from './terms.js';

export { foldTerm, indexTerms } from './terms.js';

const K1 = 1.2;
const B = 0.75;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.45;
const MAX_EXPANSIONS = 40;
const MAX_QUERY_TERMS = 12;

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

/**
 * The documents holding a term, in slot order, with the term's weighted frequency in each. Typed arrays
 * that double as they fill take about half the memory of plain arrays (which hold 8 bytes a number), and
 * the postings are most of the index. A frequency is a sum of small whole weights, exact as a float32.
 */
interface Posting {
  count: number;
  docs: Int32Array;
  tfs: Float32Array;
}

function append(posting: Posting, slot: number, tf: number): void {
  if (posting.count === posting.docs.length) {
    const docs = new Int32Array(posting.count * 2);
    docs.set(posting.docs);
    posting.docs = docs;
    const tfs = new Float32Array(posting.count * 2);
    tfs.set(posting.tfs);
    posting.tfs = tfs;
  }
  posting.docs[posting.count] = slot;
  posting.tfs[posting.count] = tf;
  posting.count++;
}

interface Expansion {
  term: string;
  weight: number;
}

export class SearchIndex {
  private readonly postings = new Map<string, Posting>();
  /** Finds a document's terms and their postings while indexing. */
  private counter = new TermCounter<Posting>();
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
    for (const [text, weight] of doc.fields) this.counter.count(text, weight);
    // The counter hands back each distinct term once, with its postings, so no term is looked up twice.
    const length = this.counter.drain((id, term, tf) => {
      let posting = this.counter.value(id);
      if (!posting) {
        posting = { count: 0, docs: new Int32Array(2), tfs: new Float32Array(2) };
        this.counter.setValue(id, posting);
        this.postings.set(term, posting);
        this.sortedTerms = undefined;
      }
      append(posting, slot, tf);
    });
    this.lengths.push(length);
    this.totalLength += length;
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
      found.sort((a, b) => this.postings.get(b)!.count - this.postings.get(a)!.count);
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
        const idf = Math.log(1 + (live - posting.count + 0.5) / (posting.count + 0.5));
        for (let i = 0; i < posting.count; i++) {
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
      terms: groups.flat().filter(({ term }) => hasSlot(this.postings.get(term)!, slot)).map(({ term }) => term),
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

  /**
   * Trims posting lists that doubling left with much unused room: after a bulk load that is about a
   * third of their memory. An eighth is kept spare, so articles added later by the watcher do not make
   * every common term's list double at once. The library calls this once its first articles are in.
   */
  compact(): void {
    for (const posting of this.postings.values()) {
      const capacity = posting.count + (posting.count >> 3) + 2;
      if (posting.docs.length <= capacity) continue;
      const docs = new Int32Array(capacity);
      docs.set(posting.docs.subarray(0, posting.count));
      posting.docs = docs;
      const tfs = new Float32Array(capacity);
      tfs.set(posting.tfs.subarray(0, posting.count));
      posting.tfs = tfs;
    }
  }

  private rebuild(): void {
    const live = this.keys.flatMap((key, slot) => (key === undefined ? [] : [[key, this.docs[slot]!] as const]));
    this.postings.clear();
    this.counter = new TermCounter<Posting>();
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
function hasSlot({ docs, count }: Posting, slot: number): boolean {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (docs[mid]! < slot) low = mid + 1;
    else high = mid;
  }
  return low < count && docs[low] === slot;
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
