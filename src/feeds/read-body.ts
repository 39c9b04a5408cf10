// Reading a response body without trusting its size, and turning its bytes into text in the character
// set the server or the document declares.
import { MIMEType, TextDecoder } from 'node:util';

/**
 * The whole body, or undefined as soon as it grows past `maxBytes` (the stream is then cancelled, so
 * the rest is never downloaded or held). Counts decoded bytes, so a compressed bomb stops at the limit too.
 */
export async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The media type of a Content-Type header (`text/html`), lower-case, or undefined when unreadable. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const mime = parseMime(contentType);
  return mime ? mime.essence : undefined;
}

export function charsetOf(contentType: string | undefined): string | undefined {
  return parseMime(contentType)?.params.get('charset') ?? undefined;
}

function parseMime(contentType: string | undefined): MIMEType | undefined {
  if (!contentType) return undefined;
  try {
    return new MIMEType(contentType);
  } catch {
    return undefined;
  }
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

// The XML declaration is the document's first characters; its grammar is fixed and small, so its
// encoding pseudo-attribute can be read directly from the first bytes.
const XML_DECLARATION_ENCODING = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/** The encoding named in an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`), if any. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return XML_DECLARATION_ENCODING.exec(head)?.[1];
}

function tryDecoder(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

/**
 * Text from bytes, in the first encoding that is named and known: byte-order mark, then the HTTP
 * charset, then `declared` (from the document itself), else UTF-8. Bad bytes become U+FFFD.
 */
export function decodeText(bytes: Uint8Array, contentType?: string, declared?: string): string {
  const decoder =
    tryDecoder(bomEncoding(bytes)) ?? tryDecoder(charsetOf(contentType)) ?? tryDecoder(declared) ?? new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
