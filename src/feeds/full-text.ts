// Full text for feeds that carry only a teaser: the linked page is fetched through the same safe client
// and its main text found by Readability, on linkedom's server-side DOM. linkedom only builds a tree:
// it runs no scripts, loads no images, styles or frames. When anything fails, or the page yields less
// text than the feed already had, the feed's own text is kept.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { limitBody, MAX_BODY_BYTES } from './feed-entry.js';
import { htmlToParagraphs } from './html-text.js';
import { charsetOf, decodeText, mediaTypeOf } from './read-body.js';
import type { SafeHttp } from './safe-http.js';

export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';
/** Pages with more elements than this are not read: Readability would spend seconds on them. */
const MAX_ELEMENTS = 30_000;

type Doc = ReturnType<typeof parseHTML>['document'];
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

/** The charset a page declares in a <meta> element, read from the parsed document. */
function declaredCharset(document: Doc): string | undefined {
  for (const meta of document.querySelectorAll('meta')) {
    const charset = meta.getAttribute('charset');
    if (charset) return charset.trim();
    if (meta.getAttribute('http-equiv')?.toLowerCase() === 'content-type') {
      const fromContent = charsetOf(meta.getAttribute('content') ?? undefined);
      if (fromContent) return fromContent;
    }
  }
  return undefined;
}

function parsePage(bytes: Uint8Array, contentType: string | undefined): Doc {
  const first = parseHTML(decodeText(bytes, contentType)).document;
  if (charsetOf(contentType)) return first;
  // Without an HTTP charset the page's own declaration decides; re-read the bytes when it names another.
  const declared = declaredCharset(first);
  if (!declared || ['utf-8', 'utf8'].includes(declared.toLowerCase())) return first;
  return parseHTML(decodeText(bytes, undefined, declared)).document;
}

/** The main text of an HTML page as plain paragraphs, or undefined when Readability finds none. */
export function extractReadableText(bytes: Uint8Array, contentType?: string): string | undefined {
  try {
    const document = parsePage(bytes, contentType);
    // Readability's own maxElemsToParse counts getElementsByTagName('*'), which linkedom answers with
    // nothing, so the limit is checked here.
    if (document.querySelectorAll('*').length > MAX_ELEMENTS) return undefined;
    const article = new Readability(document as unknown as ReadabilityDocument).parse();
    const text = article?.content ? htmlToParagraphs(article.content) : '';
    return text || undefined;
  } catch {
    // Readability throws on pages over its element limit; a page it cannot read is just a page without text.
    return undefined;
  }
}

export interface FullTextResult {
  body: string;
  from: 'page' | 'feed';
  /** Why the feed's text was kept, for logs and the feed's status. */
  reason?: string;
}

/** The article text from the page at `url`, or `feedBody` (with the reason) when the page does not give more. */
export async function extractFullText(http: SafeHttp, url: string, feedBody: string, maxBodyBytes = MAX_BODY_BYTES): Promise<FullTextResult> {
  const keep = (reason: string): FullTextResult => ({ body: feedBody, from: 'feed', reason });
  const outcome = await http.get(url, { accept: PAGE_ACCEPT });
  if (outcome.kind === 'failed') return keep(outcome.reason);
  if (outcome.kind === 'not-modified') return keep('the page answered "not modified" to a plain request');
  const type = mediaTypeOf(outcome.contentType);
  if (type && type !== 'text/html' && type !== 'application/xhtml+xml') return keep(`the linked page is ${type}, not HTML`);
  const text = extractReadableText(outcome.body, outcome.contentType);
  if (!text) return keep('no article text was found on the linked page');
  const body = limitBody(text, maxBodyBytes);
  if (body.length <= feedBody.length) return keep('the linked page has no more text than the feed');
  return { body, from: 'page' };
}
