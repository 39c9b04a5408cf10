// Previous / Next on a /news read message. The custom id holds the article and page, so these keep
// working after a restart.
import { MessageFlags } from 'discord.js';
import { parseReadButtonId } from '../src/core/custom-ids.js';
import type { ButtonHandler } from '../src/discord/command.js';
import { UserError } from '../src/errors.js';
import { settingsFor, styleOf } from '../src/store/guild-settings.js';

export const readButtons = {
  prefix: 'read',
  async execute(interaction, { news, settings }) {
    const parsed = parseReadButtonId(interaction.customId);
    if (!parsed) throw new UserError('This button no longer works. Run /news read again.');
    const style = styleOf(await settingsFor(settings, interaction.guildId));
    const page = news.read(await news.findByRef(parsed.ref, { guildId: interaction.guildId }), parsed.page, style);
    // On a reader only the presser sees, the page turns in place; on a shared one, the presser gets
    // their own copy at the new page, and everyone else's stays where it was.
    return interaction.message.flags.has(MessageFlags.Ephemeral) ? page : { ...page, flags: MessageFlags.Ephemeral };
  },
} satisfies ButtonHandler;
