// Discord-flavoured markdown parsed into plain data for the sandbox page. The page builds DOM nodes
// from this tree with textContent only, so nothing in a message (article text is untrusted) can ever
// become HTML. Parsing follows what Discord shows: backslash escapes, bold/italic/underline/strike,
// spoilers, code, masked and bare links, mentions, timestamps, and line-start blocks.

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'b' | 'i' | 'u' | 's' | 'spoiler'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'mention'; kind: 'user' | 'role' | 'channel' | 'everyone'; id: string; name: string }
  | { t: 'time'; unix: number; style: string }
  | { t: 'br' };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'sub'; c: Inline[] }
  | { t: 'li'; ordered: string | null; c: Inline[] }
  | { t: 'quote'; c: Block[] }
  | { t: 'codeblock'; lang: string; v: string };

/** Turns ids into names; unknown ids keep a readable stand-in, as Discord shows them. */
export interface Names {
  user(id: string): string | undefined;
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const PUNCTUATION = /^[!-/:-@[-`{-~]/;
const URL_TAIL = /[.,:;"')\]!?]+$/;

/** Only web links: anything else (javascript:, data:) stays text. */
export function safeHref(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

type Rule = (rest: string, names: Names, prev: string) => { node: Inline; length: number } | undefined;

const wrap = (t: 'b' | 'i' | 'u' | 's' | 'spoiler', pattern: RegExp): Rule => (rest, names) => {
  const match = pattern.exec(rest);
  return match ? { node: { t, c: parseInline(match[1]!, names) }, length: match[0].length } : undefined;
};

const RULES: Rule[] = [
  (rest) => (rest[0] === '\\' && PUNCTUATION.test(rest.slice(1)) ? { node: { t: 'text', v: rest[1]! }, length: 2 } : undefined),
  (rest) => {
    const match = /^(`+)([^]*?[^`])\1(?!`)/.exec(rest);
    return match ? { node: { t: 'code', v: match[2]!.trim() || match[2]! }, length: match[0].length } : undefined;
  },
  (rest, names) => {
    const match = /^<(@!?|@&|#)(\d{15,21})>/.exec(rest);
    if (!match) return undefined;
    const [, sigil, id] = match as unknown as [string, string, string];
    const kind = sigil === '#' ? 'channel' : sigil === '@&' ? 'role' : 'user';
    const name = kind === 'channel' ? names.channel(id) : kind === 'role' ? names.role(id) : names.user(id);
    const fallback = kind === 'channel' ? 'unknown' : kind === 'role' ? 'deleted-role' : 'unknown-user';
    return { node: { t: 'mention', kind, id, name: name ?? fallback }, length: match[0].length };
  },
  (rest) => {
    const match = /^<t:(-?\d{1,13})(?::([tTdDfFR]))?>/.exec(rest);
    return match ? { node: { t: 'time', unix: Number(match[1]), style: match[2] ?? 'f' }, length: match[0].length } : undefined;
  },
  (rest) => {
    const match = /^<a?:(\w{2,32}):\d{15,21}>/.exec(rest);
    return match ? { node: { t: 'text', v: `:${match[1]}:` }, length: match[0].length } : undefined;
  },
  (rest) => {
    const match = /^@(everyone|here)/.exec(rest);
    return match ? { node: { t: 'mention', kind: 'everyone', id: match[1]!, name: match[1]! }, length: match[0].length } : undefined;
  },
  (rest, names) => {
    // [text](https://…), optionally with <> around the address or a "title" after it.
    const match = /^\[((?:\\[^]|[^\\\]])+)\]\(<?(https?:\/\/[^\s)<>]+)>?(?:\s+"[^"]*")?\)/.exec(rest);
    const href = match ? safeHref(match[2]!) : undefined;
    return match && href ? { node: { t: 'link', href, c: parseInline(match[1]!, names) }, length: match[0].length } : undefined;
  },
  (rest) => {
    const match = /^<(https?:\/\/[^\s>]+)>/.exec(rest) ?? /^https?:\/\/[^\s<]+/.exec(rest);
    if (!match) return undefined;
    const address = (match[1] ?? match[0]).replace(match[1] ? /$^/ : URL_TAIL, '');
    const href = safeHref(address);
    const length = match[1] ? match[0].length : address.length;
    return href ? { node: { t: 'link', href, c: [{ t: 'text', v: address }] }, length } : undefined;
  },
  wrap('b', /^\*\*((?:\\[^]|[^\\])+?)\*\*(?!\*)/),
  wrap('u', /^__((?:\\[^]|[^\\])+?)__(?!_)/),
  (rest, names, prev) => {
    // _italic_ only between word boundaries, so snake_case names stay as they are.
    if (rest[0] === '_' && /\w/.test(prev)) return undefined;
    const match = /^_((?:\\[^]|[^\\_])+?)_(?!\w)/.exec(rest) ?? /^\*(?=\S)((?:\*\*|\\[^]|[^\\*])+?)(?<=\S)\*(?!\*)/.exec(rest);
    return match ? { node: { t: 'i', c: parseInline(match[1]!, names) }, length: match[0].length } : undefined;
  },
  wrap('s', /^~~((?:\\[^]|[^\\])+?)~~/),
  wrap('spoiler', /^\|\|((?:\\[^]|[^\\])+?)\|\|/),
  (rest) => (rest[0] === '\n' ? { node: { t: 'br' }, length: 1 } : undefined),
];

/** Inline markdown of one block (newlines become line breaks). */
export function parseInline(text: string, names: Names): Inline[] {
  const out: Inline[] = [];
  const pushText = (v: string): void => {
    const last = out[out.length - 1];
    if (last?.t === 'text') last.v += v;
    else out.push({ t: 'text', v });
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let matched = false;
    for (const rule of RULES) {
      const hit = rule(rest, names, text[i - 1] ?? ' ');
      if (!hit) continue;
      if (hit.node.t === 'text') pushText(hit.node.v);
      else out.push(hit.node);
      i += hit.length;
      matched = true;
      break;
    }
    if (matched) continue;
    // Plain text up to the next character that could start something.
    const plain = /^[^]+?(?=[\\`<@[*_~|\n]|https?:\/\/|$)/.exec(rest)?.[0] ?? rest[0]!;
    pushText(plain);
    i += plain.length;
  }
  return out;
}

/** Block markdown: code fences, quotes, headings, subtext and list items at line starts; the rest inline. */
export function parseMarkdown(text: string, names: Names): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    const joined = paragraph.join('\n').replace(/\n+$/, '');
    if (joined) blocks.push({ t: 'p', c: parseInline(joined, names) });
    paragraph = [];
  };
  const push = (block: Block): void => {
    flush();
    blocks.push(block);
  };
  let rest = text;
  while (rest.length > 0) {
    const fence = /^```(?:([\w+-]+)\n)?([^]*?)```/.exec(rest);
    if (fence) {
      push({ t: 'codeblock', lang: fence[1] ?? '', v: fence[2]!.replace(/^\n|\n$/g, '') });
      rest = rest.slice(fence[0].length).replace(/^\n/, '');
      continue;
    }
    if (rest.startsWith('>>> ')) {
      push({ t: 'quote', c: parseMarkdown(rest.slice(4), names) });
      break;
    }
    const end = rest.indexOf('\n');
    const line = end === -1 ? rest : rest.slice(0, end);
    rest = end === -1 ? '' : rest.slice(end + 1);
    if (line.startsWith('> ')) {
      const quoted = [line.slice(2)];
      while (rest.startsWith('> ')) {
        const next = rest.indexOf('\n');
        quoted.push((next === -1 ? rest : rest.slice(0, next)).slice(2));
        rest = next === -1 ? '' : rest.slice(next + 1);
      }
      push({ t: 'quote', c: parseMarkdown(quoted.join('\n'), names) });
      continue;
    }
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    const sub = /^-# (.+)$/.exec(line);
    const item = /^\s*(?:[-*]|(\d{1,9})\.) (.+)$/.exec(line);
    if (heading) push({ t: 'h', level: heading[1]!.length, c: parseInline(heading[2]!, names) });
    else if (sub) push({ t: 'sub', c: parseInline(sub[1]!, names) });
    else if (item) push({ t: 'li', ordered: item[1] ?? null, c: parseInline(item[2]!, names) });
    else paragraph.push(line);
  }
  flush();
  return blocks;
}
