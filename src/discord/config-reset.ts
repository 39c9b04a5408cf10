// /config reset asks first. The confirm button's custom id carries who asked and until when the
// question stands, so it needs no stored state and still works (or cleanly expires) after a restart.
import type { ButtonInteraction } from 'discord.js';
import { buildNotice } from '../core/layout.js';
import { ButtonStyle, type MessagePayload } from '../core/payload.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import type { Reply } from './command.js';
import { requireManageGuild } from './permissions.js';

export const RESET_PREFIX = 'config-reset';
export const RESET_TTL_MS = 2 * 60 * 1000;

export function buildResetQuestion(userId: string, now: Date): MessagePayload {
  const expires = Math.floor((now.getTime() + RESET_TTL_MS) / 1000);
  const id = (action: string) => `${RESET_PREFIX}:${action}:${userId}:${expires}`;
  return {
    content: `Reset every news setting for this server to the defaults? This cannot be undone. (Expires <t:${expires}:R>.)`,
    embeds: [],
    components: [
      {
        type: 1,
        components: [
          { type: 2, style: ButtonStyle.Danger, label: 'Reset settings', custom_id: id('confirm') },
          { type: 2, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: id('cancel') },
        ],
      },
    ],
    allowedMentions: { parse: [] },
  };
}

export async function answerReset(interaction: ButtonInteraction, deps: Deps): Promise<Reply> {
  const match = /^config-reset:(confirm|cancel):(\d{17,20}):(\d{1,12})$/.exec(interaction.customId);
  if (!match) throw new UserError('This button no longer works. Run /config reset again.');
  const [, action, userId, expires] = match;
  if (interaction.user.id !== userId) throw new UserError('Only the admin who ran /config reset can answer it.');
  const guildId = requireManageGuild(interaction, 'reset the settings');
  const done = (text: string): Reply => ({ ...buildNotice(text), components: [] });
  if (action === 'cancel') return done('Reset cancelled; nothing changed.');
  if (deps.clock.now().getTime() > Number(expires) * 1000) return done('This confirmation expired; nothing changed. Run /config reset again.');
  await deps.settings.reset(guildId);
  deps.logger.info({ guildId, userId }, 'settings reset');
  return done('All news settings for this server are back to the defaults.');
}
