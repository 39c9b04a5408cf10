// The prompt's `help`, written from the registered command definitions so it lists every command and
// option the bot has and cannot fall behind them, followed by the sandbox's own words.
import type { OptionDef } from '../dev-local-parse.js';

interface Definition {
  name: string;
  description?: string;
  options?: readonly Option[];
}

interface Option extends OptionDef {
  description?: string;
  required?: boolean;
  min_value?: number;
  max_value?: number;
  choices?: ReadonlyArray<{ name: string; value: string | number }>;
  options?: readonly Option[];
}

const SUBCOMMAND = 1;
const GROUP = 2;

/** What a value looks like, by Discord option type. */
function placeholder(option: Option): string {
  if (option.choices?.length) return option.choices.map((choice) => String(choice.value)).join('|');
  switch (option.type) {
    case 4:
    case 10:
      return option.min_value !== undefined && option.max_value !== undefined ? `${option.min_value}-${option.max_value}` : 'number';
    case 5:
      return 'true|false';
    case 7:
      return '#channel';
    case 8:
      return '@role';
    case 6:
      return '@user';
    default:
      return 'text';
  }
}

function usage(path: string, options: readonly Option[]): string {
  const parts = options.map((option) => (option.required ? `${option.name}:<${placeholder(option)}>` : `[${option.name}:<${placeholder(option)}>]`));
  return [path, ...parts].join(' ');
}

/** Each runnable command: its usage line, what it does, then what each of its options means. */
export function commandLines(definitions: readonly Definition[]): string[] {
  const lines: string[] = [];
  const walk = (path: string, description: string, options: readonly Option[]): void => {
    const nested = options.filter((option) => option.type === SUBCOMMAND || option.type === GROUP);
    if (nested.length === 0) {
      lines.push(`  ${usage(path, options)}`, `      ${description}`);
      for (const option of options) lines.push(`        ${option.name}: ${option.description ?? ''}`);
    }
    for (const option of nested) walk(`${path} ${option.name}`, option.description ?? '', option.options ?? []);
  };
  for (const definition of definitions) walk(`/${definition.name}`, definition.description ?? '', definition.options ?? []);
  return lines;
}

const WORDS = [
  ['press <label>', "press a button on the bot's last answer (or the newest message that has one)"],
  ['messages [#channel]', 'the messages in a channel (default: the current one)'],
  ['channels', "the sandbox server's channels and roles"],
  ['go #channel', 'run the next commands in that channel'],
  ['help', 'this list'],
  ['quit', 'stop the sandbox (Ctrl+D too); settings and schedules are kept for the next start'],
];

export function helpText(definitions: readonly Definition[], sampleFeedUrl?: string): string {
  return [
    'Slash commands, run as @admin (Manage Server) in the current channel. Options are name:value;',
    'a value runs to the next name: (quote it if it contains one). [ ] marks an optional one.',
    ...commandLines(definitions),
    '',
    'Sandbox words:',
    ...WORDS.map(([word, meaning]) => `  ${word!.padEnd(20)} ${meaning}`),
    '',
    'For example: /news read article:000_709483ed939a94fe, then press Next;',
    '/schedule add channel:#news every:5m, then wait for the post; /config mention-role role:@subscribers.',
    ...(sampleFeedUrl ? [`/feed add url:${sampleFeedUrl} follows the sandbox's sample feed; /feed test url:${sampleFeedUrl} previews it.`] : []),
  ].join('\n');
}
