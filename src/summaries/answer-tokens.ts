// Finds the words of a text that are web addresses or @-handles, so a model's answer can be held to
// the addresses and handles its article really contains. Both sides are read the same way (visible
// characters only, NFKC-folded, lower-cased), so a full-width ＠ or an invisible joiner inside a
// handle makes it neither harder to spot nor easier to slip through.

// Format characters (zero-width spaces and joiners, bidi controls, soft hyphens, BOMs) draw nothing
// but can split a word that Discord or a reader would still see as one.
const INVISIBLE = /\p{Cf}/gu;
// Quotes, brackets and sentence punctuation that hug a word without being part of it.
const LEADING = /^[("'“‘[{<«‹]+/u;
const TRAILING = /[)"'”’\]}>»›.,;:!?…]+$/u;
// A bare address only counts as a link with a path ("example.com/story"): "Amazon.com" alone is a
// company name in news copy, and Discord does not make it clickable either.
const BARE_WITH_PATH = /^(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?::\d{1,5})?\/\S*$/u;
const HANDLE = /@[\p{L}\p{N}_]/u;

/** The text as checks should see it: invisible characters gone, compatibility forms folded (＠ → @). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC');
}

/** Without the invisible characters only; what is shown keeps its own letters (km² stays km²). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

function bare(word: string): string {
  return word.replace(LEADING, '').replace(TRAILING, '');
}

export function isLink(token: string): boolean {
  return token.includes('://') || /^www\./i.test(token) || BARE_WITH_PATH.test(token);
}

export function isHandle(token: string): boolean {
  return HANDLE.test(token);
}

export interface FoundTokens {
  links: string[];
  handles: string[];
}

/** Addresses and @-words of an already visible text, stripped of the punctuation around them. */
export function findTokens(visible: string): FoundTokens {
  const links: string[] = [];
  const handles: string[] = [];
  for (const word of visible.split(/\s+/)) {
    const token = bare(word);
    if (!token) continue;
    if (isLink(token)) links.push(token);
    else if (isHandle(token)) handles.push(token);
  }
  return { links, handles };
}

/** How two spellings of one address compare: case and a closing slash do not matter. */
function comparable(token: string): string {
  return token.toLowerCase().replace(/\/+$/, '');
}

const withoutScheme = (token: string) => token.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');

/** What an article allows an answer to repeat: its own addresses and handles, as the article wrote them. */
export class AllowedTokens {
  private readonly exact = new Set<string>();
  private readonly schemeless = new Set<string>();

  constructor(texts: readonly (string | undefined)[]) {
    for (const text of texts) {
      if (!text) continue;
      const { links, handles } = findTokens(visibleText(text));
      for (const token of [...links, ...handles]) {
        const key = comparable(token);
        this.exact.add(key);
        this.schemeless.add(withoutScheme(key));
      }
    }
  }

  /**
   * An address with a scheme must appear with that scheme; one written without ("www.x.org/a") may
   * match the article's full address, since the reader reaches the same page either way.
   */
  allows(token: string): boolean {
    const key = comparable(token);
    if (this.exact.has(key)) return true;
    return !key.includes('://') && this.schemeless.has(key);
  }
}
