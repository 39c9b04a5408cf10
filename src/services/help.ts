// /help: every command and subcommand with its options, built from the registered command data so it
// can never fall behind the commands themselves. Ephemeral and inside Discord's limits.
import { LIMITS, truncate } from '../core/limits.js';
import { type MessagePayload, noMentions } from '../core/payload.js';

/** The parts of a command's registration data that help reads (plain JSON, as Discord receives it). */
export interface CommandData {
  name: string;
  description: string;
  default_member_permissions?: string | null;
  options?: OptionData[];
}

interface OptionData {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: OptionData[];
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/** `/news summary article [sentences]`: required options plain, optional ones in brackets. */
export function usage(path: string, options: readonly OptionData[] = []): string {
  const parts = options.filter((o) => o.type > SUBCOMMAND_GROUP).map((o) => (o.required ? o.name : `[${o.name}]`));
  return [`/${path}`, ...parts].join(' ');
}

/** One line per subcommand (or one for a command without subcommands). */
export function commandLines(command: CommandData): string[] {
  const subs = (command.options ?? []).filter((o) => o.type === SUBCOMMAND);
  if (subs.length === 0) return [`\`${usage(command.name, command.options)}\` ${command.description}`];
  return subs.map((sub) => `\`${usage(`${command.name} ${sub.name}`, sub.options)}\` ${sub.description}`);
}

export function buildHelpMessage(commands: readonly CommandData[], color: number): MessagePayload {
  const fields = commands.map((command) => {
    const admins = command.default_member_permissions ? ' (Manage Server)' : '';
    return { name: truncate(`/${command.name}${admins}`, LIMITS.fieldName), value: truncate(commandLines(command).join('\n'), LIMITS.fieldValue) };
  });
  return {
    embeds: [{
      title: 'News bot commands',
      color,
      description: 'Article options autocomplete as you type a title or id. Answers that only concern you are shown to you alone; `public: true` shares a search or an article with the channel.',
      fields: fields.slice(0, LIMITS.fields),
    }],
    allowedMentions: noMentions(),
  };
}
