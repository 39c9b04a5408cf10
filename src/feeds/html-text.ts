// Entry and page HTML into the article body format: plain paragraphs separated by a blank line. The
// HTML is parsed and rendered to text by html-to-text (an HTML parser, not patterns), which drops
// scripts, styles, embedded media and form controls; no markup survives, so nothing needs escaping here.
import { compile } from 'html-to-text';

// Elements whose content is not prose a reader would see as part of the article.
const SKIPPED = [
  'img', 'picture', 'figure > img', 'video', 'audio', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas',
  'noscript', 'template', 'button', 'select', 'textarea', 'input', 'hr', 'script', 'style', 'head', 'title',
];

const render = compile({
  wordwrap: false,
  preserveNewlines: false,
  // Deeply nested markup is a way to exhaust the stack; past this depth the rest is dropped.
  limits: { maxDepth: 128, maxInputLength: 8 * 1024 * 1024, ellipsis: '…' },
  selectors: [
    { selector: 'a', options: { ignoreHref: true, noAnchorUrl: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'blockquote', format: 'block' },
    { selector: 'ul', options: { itemPrefix: '• ' } },
    ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
  ],
});

// Control characters (other than line breaks) carry no prose; zero-width spaces and stray byte-order
// marks only hide words from search. Zero-width joiners stay: emoji sequences and some scripts need them.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F]/g;
const ZERO_WIDTH = /[\u200B\u2060\uFEFF]/g;

// Anything cleanLine would change besides the ends. Most lines have none; testing before replacing
// saves about a seventh of the feed import time in the benchmark.
const NEEDS_CLEANING = /[\u0000-\u0009\u000B-\u001F\u007F\u200B\u2060\uFEFF]|[^\S ]| {2}/;

function cleanLine(line: string): string {
  const trimmed = line.trim();
  if (!NEEDS_CLEANING.test(trimmed)) return trimmed;
  return trimmed.replace(CONTROL, ' ').replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
}

/** Rendered text to paragraphs: every non-empty line is one (lines come from blocks, list items, <br>). */
function linesToParagraphs(text: string): string {
  return text
    .split('\n')
    .map(cleanLine)
    .filter((line) => line !== '')
    .join('\n\n');
}

/** Plain text (no markup): blank lines separate paragraphs, single line breaks are spaces. */
export function plainTextToParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n/)
    .map(cleanLine)
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/** HTML to paragraphs. Text with no tags at all keeps its blank-line paragraphs; entities are decoded. */
export function htmlToParagraphs(html: string): string {
  if (!html.includes('<')) {
    return plainTextToParagraphs(html)
      .split('\n\n')
      .map((paragraph) => cleanLine(render(paragraph)))
      .filter((paragraph) => paragraph !== '')
      .join('\n\n');
  }
  return linesToParagraphs(render(html));
}

/** A one-line title from HTML (Atom titles may be html or xhtml). */
export function htmlToLine(html: string): string {
  return cleanLine(render(html).replace(/\n+/g, ' '));
}
