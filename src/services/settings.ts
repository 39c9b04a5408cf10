// What /config shows and accepts, without Discord: parsing a color, and the settings embed.
import { LIMITS, truncate } from '../core/limits.js';
import type { MessagePayload } from '../core/payload.js';
import { noMentions } from '../core/payload.js';
import { UserError } from '../errors.js';
import type { GuildSettings } from '../store/guild-settings.js';

/** "#2F6FDF" or "2f6fdf" → 0x2f6fdf; anything else is a UserError that shows the accepted form. */
export function parseColor(input: string): number {
  const match = /^#?([0-9a-f]{6})$/i.exec(input.trim());
  if (!match) {
    const shown = truncate(input.trim(), 20).replace(/[`\\]/g, '');
    throw new UserError(`\`${shown}\` is not a color. Use six hex digits as #RRGGBB or RRGGBB, for example #2F6FDF.`);
  }
  return Number.parseInt(match[1]!, 16);
}

export function formatColor(color: number): string {
  return `#${color.toString(16).padStart(6, '0').toUpperCase()}`;
}

export function buildSettingsMessage(settings: GuildSettings, serverName: string): MessagePayload {
  const fields = [
    {
      name: 'News channel',
      value: settings.newsChannelId ? `<#${settings.newsChannelId}>` : 'Not set: /news post uses the channel it is run in',
      inline: false,
    },
    { name: 'Summary length', value: `${settings.summarySentences} sentence${settings.summarySentences === 1 ? '' : 's'}`, inline: true },
    { name: 'Embed color', value: formatColor(settings.color), inline: true },
    { name: 'Mention role', value: settings.mentionRoleId ? `<@&${settings.mentionRoleId}> (pinged by scheduled posts)` : 'None', inline: true },
  ];
  return {
    embeds: [{ title: truncate(`News settings for ${serverName}`, LIMITS.title), color: settings.color, fields }],
    allowedMentions: noMentions(),
  };
}
