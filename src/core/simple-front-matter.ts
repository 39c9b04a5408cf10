// A fast path for the front matter nearly every article has: one `key: value` line per key, where a
// value is a plain phrase, a quoted string, a [flow, list] of plain words or a block list of `- item`
// lines. The yaml parser took a quarter of the time to load 10,000 articles (npm run bench). Anything
// else (comments, blank lines, nested collections, multi-line or empty values, anchors, tags, or a value
// YAML reads as a number, boolean or null) returns undefined and goes to the yaml parser, so the result
// is always the one it would give.

const LINE = /^([A-Za-z][A-Za-z0-9_]*):(?: +(.*?))? *$/;
const ITEM = /^( *)- +(.*?) *$/;
// YAML keys that do not read as strings.
const NON_STRING_KEY = /^(?:true|false|null)$/i;
// A JSON string literal with the escapes YAML reads the same way; no \u, no control characters.
const DOUBLE_QUOTED = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt])*"$/;
// 'Single-quoted': the only escape is a doubled quote.
const SINGLE_QUOTED = /^'(?:[^']|'')*'$/;
// Plain text that cannot start or hold YAML syntax: indicators first, ": " and " #", tabs, flow brackets.
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;
const PLAIN_BAD = /: |:$| #|\t|[[\]{}]/;
// A superset of what YAML 1.2's core schema resolves to null, booleans and numbers: such values go to yaml.
const NOT_A_STRING = /^(?:~|null|true|false|[-+]?\.(?:inf|nan)|[-+]?[0-9.][-+0-9a-fA-F._oOxX]*)$/i;

function plain(text: string): string | undefined {
  return PLAIN_START.test(text) && !PLAIN_BAD.test(text) && !NOT_A_STRING.test(text) ? text : undefined;
}

function flowList(text: string): string[] | undefined {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const items: string[] = [];
  for (const part of inner.split(',')) {
    const item = plain(part.trim());
    if (item === undefined) return undefined;
    items.push(item);
  }
  return items;
}

function value(text: string): unknown {
  if (text.startsWith('"')) return DOUBLE_QUOTED.test(text) ? (JSON.parse(text) as string) : undefined;
  if (text.startsWith("'")) return SINGLE_QUOTED.test(text) ? text.slice(1, -1).replaceAll("''", "'") : undefined;
  if (text.startsWith('[') && text.endsWith(']')) return flowList(text);
  return plain(text);
}

/** The front matter as yaml would parse it, or undefined when it is not in the simple form. */
export function parseSimpleFrontMatter(yamlText: string): Record<string, unknown> | undefined {
  const lines = yamlText.endsWith('\n') ? yamlText.slice(0, -1).split('\n') : yamlText.split('\n');
  const out: Record<string, unknown> = {};
  for (let at = 0; at < lines.length; at++) {
    const match = LINE.exec(lines[at]!);
    if (!match || NON_STRING_KEY.test(match[1]!) || Object.hasOwn(out, match[1]!)) return undefined;
    let parsed: unknown;
    if (match[2] !== undefined) parsed = value(match[2]);
    else {
      // A block list: "- item" lines, all indented alike, each item a plain phrase or a quoted string.
      const items: unknown[] = [];
      let indent: string | undefined;
      for (let item = ITEM.exec(lines[at + 1] ?? ''); item; item = ITEM.exec(lines[at + 1] ?? '')) {
        indent ??= item[1]!;
        const text = item[2]!;
        const entry = text.startsWith('[') ? undefined : value(text);
        if (item[1] !== indent || entry === undefined) return undefined;
        items.push(entry);
        at++;
      }
      parsed = items.length > 0 ? items : undefined;
    }
    if (parsed === undefined) return undefined;
    out[match[1]!] = parsed;
  }
  return lines.length > 0 ? out : undefined;
}
