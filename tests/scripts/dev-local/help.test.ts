// The sandbox's `help` is written from the registered command definitions: every command, subcommand
// and option is in it, and the sandbox's own words too.
import { expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { helpText } from '../../../scripts/dev-local/help.js';

interface Option {
  type: number;
  name: string;
  required?: boolean;
  options?: Option[];
}

it('lists every command, subcommand and option the bot registers', () => {
  const help = helpText(commands.map((command) => command.data));
  let checked = 0;
  for (const command of commands) {
    for (const sub of (command.data.options ?? []) as Option[]) {
      const line = help.split('\n').find((text) => text.trim().startsWith(`/${command.data.name} ${sub.name}`));
      expect(line, `/${command.data.name} ${sub.name}`).toBeDefined();
      for (const option of sub.options ?? []) {
        expect(line).toContain(option.required ? ` ${option.name}:<` : ` [${option.name}:<`);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(10);
  for (const word of ['press <label>', 'messages [#channel]', 'channels', 'go #channel', 'help', 'quit']) expect(help).toContain(`  ${word}`);
});

it('shows the range of a number option and what a channel or role option takes', () => {
  const help = helpText(commands.map((command) => command.data));
  expect(help).toContain('/news latest [count:<1-10>]');
  expect(help).toContain('/config mention-role role:<@role>');
  expect(help).toContain('/schedule add channel:<#channel> [every:<text>]');
});
