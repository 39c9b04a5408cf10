// Word-level helpers for the summarizer: tokenising, English stop words and a light suffix stemmer.
// Deliberately small and deterministic; good enough to compare news sentences, not a linguistics library.

// Function words plus reporting verbs ("said", "told"): in news they appear in every quote
// and would otherwise make all quoted sentences look alike.
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are aren as at be because been before being below ' +
    'between both but by can cannot could did do does doing don down during each even ever every few for from ' +
    'further had has have having he her here hers herself him himself his how however i if in into is isn it its ' +
    'itself just last least less let like made make many may me might more most much must my myself near new no ' +
    'nor not now of off on once one only or other our ours ourselves out over own per same says said say she ' +
    'should since so some still such than that the their theirs them themselves then there these they this those ' +
    'though through to told too under until up upon us very was we were what when where whether which while who ' +
    'whom whose why will with within without would yet you your yours yourself yourselves mr mrs ms according ' +
    'added asked year years week weeks day days time another next first s t ll ve re d m'
  ).split(' '),
);

/** Lowercased words (letters, digits, combining marks), in order; apostrophes and punctuation split words. */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const inWord = i < lower.length && isWordChar(lower.charCodeAt(i), lower, i);
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/**
 * Strips common English inflections so "raises", "raised" and "raising" meet at "rais".
 * Not Porter: only plural, past, gerund and -ly endings, then a final "e".
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

// "running" -> "runn" -> "run"; keeps "ll"/"ss"/"zz" which usually belong to the root ("fall", "pass").
function undouble(w: string): string {
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !'lsz'.includes(w[n - 1] ?? '')) return w.slice(0, -1);
  return w;
}

/** Content terms of a text: tokenized, stop words and one-letter tokens dropped, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = termOf(token);
    if (term !== '') out.push(term);
  }
  return out;
}

// Bounded memo of token -> stemmed term ('' when the token is dropped): one lookup per token on the
// hot path. Pure, so it only saves time; long tokens are not kept, so junk input cannot grow memory.
const termCache = new Map<string, string>();
const TERM_CACHE_LIMIT = 50_000;

function termOf(token: string): string {
  const cached = termCache.get(token);
  if (cached !== undefined) return cached;
  const dropped = STOP_WORDS.has(token) || (token.length < 2 && !(token >= '0' && token <= '9'));
  const term = dropped ? '' : stem(token);
  if (token.length <= 32) {
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    termCache.set(token, term);
  }
  return term;
}

/** Number of space-separated words that contain a letter or digit ("can't" is one word, "—" none). */
export function countWords(text: string): number {
  let count = 0;
  let counted = false; // the current space-separated chunk already has a letter or digit
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) counted = false;
    else if (!counted && isWordChar(code, text, i)) {
      counted = true;
      count++;
    }
  }
  return count;
}

// A hand-rolled scan: several times faster than a Unicode regex on the ASCII that dominates news copy.
// Surrogate halves take their pair's class, so letters outside the BMP stay whole.
function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  if (code >= 0xd800 && code <= 0xdfff) {
    const at = code <= 0xdbff ? i : i - 1;
    const point = text.codePointAt(at);
    return point !== undefined && point > 0xffff && NON_ASCII_WORD.test(String.fromCodePoint(point));
  }
  return NON_ASCII_WORD.test(text[i]!);
}

const NON_ASCII_WORD = /^[\p{L}\p{N}\p{M}]$/u;
