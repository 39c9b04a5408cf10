// Reads what a developer types at the `npm run dev:local` prompt (or the sandbox page's input):
// `/news summary article:abc sentences:2`, `press Next`, `messages #news`, `channels`, `go #general`,
// `help`, `quit`. Pure, so the prompt's grammar is a table test.

export type DevAction =
  | { kind: 'command'; command: string; subcommand?: string; options: Record<string, string> }
  | { kind: 'press'; label: string }
  | { kind: 'messages'; channel?: string }
  | { kind: 'channels' }
  | { kind: 'go'; channel: string }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

const NAME = /^[\w-]{1,32}$/;
/**
 * Where the next `name:` starts (a value runs up to it, so values may contain spaces). A web address's
 * `http://` is a value, not a name.
 */
const NEXT_OPTION = /\s+[\w-]{1,32}:(?!\/\/)/g;

function unquote(text: string): string {
  const match = /^(["'])(.*)\1$/s.exec(text.trim());
  return match ? match[2]! : text.trim();
}

/** Splits `a:1 b:two words c:"x: y"` into { a: '1', b: 'two words', c: 'x: y' }, or an error message. */
export function parseOptions(text: string): Record<string, string> | string {
  const options: Record<string, string> = {};
  let rest = text.trim();
  while (rest) {
    const head = /^([\w-]{1,32}):/.exec(rest);
    if (!head) return `Expected name:value, got "${rest.split(/\s+/)[0]}".`;
    const name = head[1]!;
    rest = rest.slice(head[0].length);
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const end = rest.indexOf(quote, 1);
      if (end === -1) return `Option ${name} has an unclosed ${quote}.`;
      value = rest.slice(1, end);
      rest = rest.slice(end + 1).trimStart();
    } else {
      NEXT_OPTION.lastIndex = 0;
      const next = NEXT_OPTION.exec(rest);
      const end = next ? next.index : rest.length;
      value = rest.slice(0, end).trim();
      rest = rest.slice(end).trimStart();
    }
    if (!value) return `Option ${name} has no value.`;
    if (name in options) return `Option ${name} is given twice.`;
    options[name] = value;
  }
  return options;
}

/** `#news`, `news` or `<#id>` → `news` / the id. */
function channelName(text: string): string {
  return text.trim().replace(/^<#(\d+)>$/, '$1').replace(/^#/, '');
}

export function parseLine(line: string): DevAction {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  const [word = '', ...others] = text.split(/\s+/);
  const lower = word.toLowerCase();
  if (lower === 'help' || lower === '?') return { kind: 'help' };
  if (lower === 'quit' || lower === 'exit' || lower === '.exit') return { kind: 'quit' };
  if (lower === 'channels') return { kind: 'channels' };
  if (lower === 'messages') {
    const channel = channelName(others.join(' '));
    return channel ? { kind: 'messages', channel } : { kind: 'messages' };
  }
  if (lower === 'go') {
    const channel = channelName(others.join(' '));
    return channel ? { kind: 'go', channel } : { kind: 'error', message: 'Say which channel: go #general' };
  }
  if (lower === 'press') {
    const label = unquote(others.join(' '));
    return label ? { kind: 'press', label } : { kind: 'error', message: 'Say which button: press Next' };
  }
  if (!word.startsWith('/')) return { kind: 'error', message: `Unknown input "${word}". Type help for the commands.` };
  const command = word.slice(1);
  if (!NAME.test(command)) return { kind: 'error', message: `"${word}" is not a command name.` };
  let rest = text.slice(word.length).trim();
  let subcommand: string | undefined;
  const sub = /^([\w-]{1,32})(?=\s|$)/.exec(rest);
  if (sub) {
    subcommand = sub[1]!;
    rest = rest.slice(sub[0].length);
  }
  const options = parseOptions(rest);
  if (typeof options === 'string') return { kind: 'error', message: options };
  return { kind: 'command', command, ...(subcommand ? { subcommand } : {}), options };
}

export interface OptionDef {
  type: number;
  name: string;
  options?: readonly OptionDef[];
}

export interface Lookups {
  channel(nameOrId: string): string | undefined;
  role(nameOrId: string): string | undefined;
}

/**
 * Gives each typed value the type its registered option has: integers and numbers, booleans,
 * `#channel` and `@role` names turned into ids. Unknown options are left for the server to refuse.
 */
export function coerceOptions(
  definition: { options?: readonly OptionDef[] },
  subcommand: string | undefined,
  raw: Record<string, string>,
  lookups: Lookups,
): Record<string, string | number | boolean> {
  const defs = subcommand ? (definition.options?.find((o) => o.type === 1 && o.name === subcommand)?.options ?? []) : (definition.options ?? []);
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(raw)) {
    const type = defs.find((d) => d.name === name)?.type;
    if (type === 4 || type === 10) {
      const number = Number(value);
      if (!Number.isFinite(number) || (type === 4 && !Number.isInteger(number))) throw new Error(`${name} must be ${type === 4 ? 'a whole number' : 'a number'}, not "${value}".`);
      out[name] = number;
    } else if (type === 5) {
      if (!/^(true|false|yes|no)$/i.test(value)) throw new Error(`${name} must be true or false.`);
      out[name] = /^(true|yes)$/i.test(value);
    } else if (type === 7) {
      out[name] = lookups.channel(value.replace(/^<#(\d+)>$/, '$1').replace(/^#/, '')) ?? fail(`No channel "${value}".`);
    } else if (type === 8) {
      out[name] = lookups.role(value.replace(/^<@&(\d+)>$/, '$1').replace(/^@/, '')) ?? fail(`No role "${value}".`);
    } else {
      out[name] = value;
    }
  }
  return out;
}

function fail(message: string): never {
  throw new Error(message);
}
