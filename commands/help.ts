// /help: what every command does, shown to the person who asked.
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { buildHelpMessage } from '../src/services/help.js';
import { settingsFor } from '../src/store/guild-settings.js';

const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What the news bot can do, command by command')
  .setContexts(InteractionContextType.Guild);

/** Built with a way to reach the full command list, which includes this command itself. */
export function helpCommand(all: () => readonly Command[]): Command {
  return {
    data: data.toJSON(),
    async execute(interaction, deps) {
      const { color } = await settingsFor(deps.settings, interaction.guildId);
      return { ...buildHelpMessage(all().map((command) => command.data), color), flags: MessageFlags.Ephemeral };
    },
  } satisfies Command;
}
