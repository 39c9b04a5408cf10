// Discord's message limits, counted in Unicode code points, and the helpers that keep every payload
// inside them by construction: text is cut at a sentence or word boundary, never inside a character.

export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

const ELLIPSIS = '…';

export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** The code unit index just after the first `max` code points (or the text length). */
function indexAfterCodePoints(text: string, max: number): number {
  let index = 0;
  for (let count = 0; count < max && index < text.length; count++) {
    const code = text.codePointAt(index)!;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

const SENTENCE_END = /[.!?…]["'”’)\]]*\s/g;

/**
 * Shortens text to at most `max` code points. When cut, it ends at the last sentence end in the final
 * stretch of the allowance, else at a word boundary, else at a character boundary, followed by "…".
 */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (codePoints(text) <= max) return text;
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, indexAfterCodePoints(text, max - 1));
  const sentenceFloor = cut.length * 0.6;
  let sentenceEnd = -1;
  for (const match of cut.matchAll(SENTENCE_END)) sentenceEnd = match.index + match[0].trimEnd().length;
  if (sentenceEnd >= sentenceFloor) return cut.slice(0, sentenceEnd) + (sentenceEnd < cut.length ? ' ' + ELLIPSIS : '');
  const space = cut.search(/\s\S*$/);
  if (space >= cut.length * 0.7) cut = cut.slice(0, space);
  // Never end on a combining mark's base alone, a lone backslash (it would escape the ellipsis) or spaces.
  cut = cut.replace(/\p{M}+$/u, '').replace(/[\s\\]+$/, '');
  return cut + ELLIPSIS;
}

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  author?: { name: string; url?: string };
  footer?: { text: string };
  fields?: EmbedField[];
  image?: { url: string };
  thumbnail?: { url: string };
}

/** Total text Discord counts against the 6000 limit for one embed. */
export function embedTextLength(embed: Embed): number {
  let total = codePoints(embed.title ?? '') + codePoints(embed.description ?? '');
  total += codePoints(embed.footer?.text ?? '') + codePoints(embed.author?.name ?? '');
  for (const field of embed.fields ?? []) total += codePoints(field.name) + codePoints(field.value);
  return total;
}

/**
 * Clamps every part of the embeds to its own limit, then, if all of them together are over 6000 code
 * points, shortens the longest parts first until they fit. Layout code aims
 * inside the limits already; this is the guarantee.
 */
export function fitEmbeds(embeds: Embed[]): Embed[] {
  const fitted = embeds.slice(0, LIMITS.embeds).map((embed) => {
    const out: Embed = { ...embed };
    if (out.title !== undefined) out.title = truncate(out.title, LIMITS.title);
    if (out.description !== undefined) out.description = truncate(out.description, LIMITS.description);
    if (out.footer) out.footer = { text: truncate(out.footer.text, LIMITS.footer) };
    if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.author) };
    if (out.fields) {
      out.fields = out.fields.slice(0, LIMITS.fields).map((field) => ({
        ...field,
        name: truncate(field.name, LIMITS.fieldName) || '\u200b',
        value: truncate(field.value, LIMITS.fieldValue) || '\u200b',
      }));
    }
    return out;
  });
  let excess = fitted.reduce((sum, embed) => sum + embedTextLength(embed), 0) - LIMITS.embedTotal;
  while (excess > 0) {
    const longest = longestShrinkable(fitted);
    if (!longest) break;
    const { get, set } = longest;
    const current = codePoints(get());
    set(truncate(get(), Math.max(1, current - excess)));
    excess -= current - codePoints(get());
    if (codePoints(get()) === current) break;
  }
  return fitted;
}

function longestShrinkable(embeds: Embed[]): { get: () => string; set: (value: string) => void } | undefined {
  let best: { get: () => string; set: (value: string) => void; length: number } | undefined;
  const consider = (length: number, get: () => string, set: (value: string) => void): void => {
    if (length > 1 && (!best || length > best.length)) best = { get, set, length };
  };
  for (const embed of embeds) {
    if (embed.description) consider(codePoints(embed.description), () => embed.description!, (v) => (embed.description = v));
    if (embed.title) consider(codePoints(embed.title), () => embed.title!, (v) => (embed.title = v));
    const { footer, author } = embed;
    if (footer) consider(codePoints(footer.text), () => footer.text, (v) => (footer.text = v));
    if (author) consider(codePoints(author.name), () => author.name, (v) => (author.name = v));
    for (const field of embed.fields ?? []) {
      consider(codePoints(field.value), () => field.value, (v) => (field.value = v));
      consider(codePoints(field.name), () => field.name, (v) => (field.name = v));
    }
  }
  return best;
}
