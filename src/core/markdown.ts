// Markdown handling for article text: .md bodies become plain prose at load time, and any text shown in
// Discord is escaped so that it renders literally and cannot mention anyone.

/**
 * Removes the light markdown that articles use (emphasis, links, headings, quote markers) so the
 * summarizer and the embeds see plain sentences. Conservative: snake_case words and lone symbols stay.
 */
export function markdownToPlain(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s{0,3}(?:#{1,6}\s+|>\s?)/, ''))
    .join('\n')
    .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

// Characters Discord gives a meaning to anywhere in a line: markdown, masked links, mentions (<@id>, <@&id>,
// <#id>, @everyone, @here), custom emoji. A backslash before any of them makes Discord show it as typed.
const SPECIAL = /[\\*_~`|[\]<>@#]/g;
// Block syntax that only counts at the start of a line: lists, numbered lists, subtext.
const LINE_START = /^(\s*)(?=[-+]\s|-#|\d+[.)]\s)/gm;
const URL = /https?:\/\/[^\s<>]+/g;

function escapeSpecials(text: string): string {
  return text.replace(SPECIAL, '\\$&');
}

/**
 * Escapes untrusted text so Discord shows it literally and nothing in it can ping or change the layout.
 * Web addresses are left as they are (escaping would break the link) unless they hold an @ or a bar.
 */
export function escapeDiscordText(text: string): string {
  return escapeLineStarts(escapeInline(text));
}

/**
 * The escaping that does not depend on where a line starts; for text laid out in pieces (spoilers).
 * With `markupFollows`, a web address running to the end of the text is not left as a link: Discord
 * would take the spoiler mark that comes next as part of the address.
 */
export function escapeInline(text: string, markupFollows = false): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL)) {
    // An @ could ping, a bar could close a spoiler around the link and a trailing backslash would eat
    // the next mark: such addresses are escaped.
    if (/[@|\\]/.test(match[0])) continue;
    if (markupFollows && match.index + match[0].length === text.length) {
      out += escapeSpecials(text.slice(last, match.index)) + escapeSpecials(match[0]).replace('://', '\\://');
      last = text.length;
      break;
    }
    out += escapeSpecials(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeSpecials(text.slice(last));
}

/** Escapes list, numbered-list and subtext markers at the start of each line. */
export function escapeLineStarts(text: string): string {
  return text.replace(LINE_START, '$1\\');
}
