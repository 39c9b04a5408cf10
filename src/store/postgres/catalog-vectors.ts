// The tsvectors the catalog stores, written by the bot itself from filterTokens words: each lexeme with
// its positions, and each position with its field as a weight (A title, B body, C the id's words). A
// gap of one position between fields keeps a phrase (<->) from running across them, as matchesFilter
// compares each field on its own.
//
// A tsvector keeps at most 256 positions a lexeme, none past 16,383, no lexeme over 2,046 bytes and
// under a megabyte in all. An article past those limits is still indexed as well as a tsvector allows,
// for search, but exact filters could then miss a phrase or an excluded word: such an article also
// gets its normalized words as text (exactText), which the filters read instead (see catalog-filter.ts).

const MAX_POSITION = 16_383;
const MAX_POSITIONS = 256;
const MAX_LEXEME_BYTES = 2046;
/** Under PostgreSQL's limit of 1 MiB, with room for the header. */
const MAX_VECTOR_BYTES = 1_000_000;

export type Weight = 'A' | 'B' | 'C';

export interface Vector {
  /** tsvector input syntax: 'word':1A,5B 'other':2A */
  literal: string;
  /** Its distinct lexemes (what the vocabulary counts). */
  lexemes: string[];
  /** Some position, lexeme or size limit was reached: the vector is not exact. */
  lossy: boolean;
}

const quote = (lexeme: string): string => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** One vector over several fields, in order, with their weights. */
export function buildVector(fields: readonly (readonly [readonly string[], Weight])[]): Vector {
  const positions = new Map<string, { list: string[]; last: number }>();
  let lossy = false;
  let position = 1;
  for (const [tokens, weight] of fields) {
    for (const token of tokens) {
      const at = Math.min(position++, MAX_POSITION);
      let entry = positions.get(token);
      if (!entry) {
        if (Buffer.byteLength(token) > MAX_LEXEME_BYTES) {
          lossy = true;
          continue;
        }
        positions.set(token, (entry = { list: [], last: 0 }));
      }
      // Clamped positions collapse into one, as PostgreSQL would make them.
      if (at === MAX_POSITION) lossy = true;
      if (entry.list.length >= MAX_POSITIONS || entry.last === at) {
        lossy = true;
        continue;
      }
      entry.list.push(`${at}${weight}`);
      entry.last = at;
    }
    position++;
  }
  let bytes = 0;
  for (const [lexeme, { list }] of positions) bytes += Buffer.byteLength(lexeme) + 8 + 2 * list.length;
  const lexemes = [...positions.keys()];
  if (bytes <= MAX_VECTOR_BYTES) return { literal: lexemes.map((lexeme) => `${quote(lexeme)}:${positions.get(lexeme)!.list.join(',')}`).join(' '), lexemes, lossy };
  // Too big with positions: the lexemes alone, as many as fit (a pathological text only).
  const kept: string[] = [];
  let size = 0;
  for (const lexeme of lexemes) {
    size += Buffer.byteLength(lexeme) + 6;
    if (size > MAX_VECTOR_BYTES) break;
    kept.push(lexeme);
  }
  return { literal: kept.map(quote).join(' '), lexemes: kept, lossy: true };
}

export interface IndexedArticle {
  words: Vector;
  titleWords: Vector;
  /** The title's and body's words as text, only when `words` is not exact; see catalog-filter.ts. */
  exactText: string | null;
}

/** ' a b \n c d ': every word between spaces, the fields apart, so ' a b ' is found only as a phrase in one field. */
export function exactText(title: readonly string[], body: readonly string[]): string {
  return ` ${title.join(' ')} \n ${body.join(' ')} `;
}

export function indexArticle(title: readonly string[], body: readonly string[], ref: readonly string[]): IndexedArticle {
  const words = buildVector([
    [title, 'A'],
    [body, 'B'],
    [ref, 'C'],
  ]);
  const titleWords = buildVector([
    [title, 'A'],
    [ref, 'C'],
  ]);
  return { words, titleWords, exactText: words.lossy ? exactText(title, body) : null };
}
