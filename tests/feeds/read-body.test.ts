import { describe, expect, it } from 'vitest';
import { charsetOf, decodeText, mediaTypeOf, readLimited, xmlDeclaredEncoding } from '../../src/feeds/read-body.js';

/** An endless stream of 64 KiB chunks that counts how many were pulled and whether it was cancelled. */
function endless() {
  const state = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('readLimited', () => {
  it('stops pulling as soon as the limit is passed and cancels the stream', async () => {
    const { stream, state } = endless();
    expect(await readLimited(stream, 1024 * 1024)).toBeUndefined();
    // 16 chunks fill the megabyte; the 17th passes it; nothing more is asked for.
    expect(state.pulled).toBe(17);
    expect(state.cancelled).toBe(true);
  });

  it('returns the whole body when it fits, and an empty one for no body', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('ab'));
        controller.enqueue(new TextEncoder().encode('c'));
        controller.close();
      },
    });
    expect(Buffer.from((await readLimited(stream, 3))!).toString()).toBe('abc');
    expect(await readLimited(null, 3)).toEqual(new Uint8Array(0));
  });
});

describe('decoding', () => {
  const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf\u00e9</t>', 'latin1');

  it('reads the content type and its charset', () => {
    expect(mediaTypeOf('Application/RSS+XML; charset="UTF-8"')).toBe('application/rss+xml');
    expect(charsetOf('text/xml; charset=windows-1252')).toBe('windows-1252');
    expect(mediaTypeOf('nonsense')).toBeUndefined();
  });

  it('finds the encoding in the XML declaration only', () => {
    expect(xmlDeclaredEncoding(latin1)).toBe('ISO-8859-1');
    expect(xmlDeclaredEncoding(Buffer.from('<rss encoding="latin1">'))).toBeUndefined();
  });

  it('prefers the byte-order mark, then HTTP, then the document, then UTF-8', () => {
    expect(decodeText(latin1, undefined, 'ISO-8859-1')).toContain('café');
    expect(decodeText(Buffer.from('café'), 'text/xml; charset=utf-8', 'ISO-8859-1')).toBe('café');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x63, 0xc3, 0xa9]), 'text/xml; charset=iso-8859-1')).toBe('cé');
    expect(decodeText(Buffer.from('\ufeffhi', 'utf16le'))).toBe('hi');
    expect(decodeText(Buffer.from('café'), 'text/xml; charset=no-such-charset')).toBe('café');
  });
});
