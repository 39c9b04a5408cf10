// What /config shows and accepts, without Discord: parsing a color, and the settings embed.
import { codePoints, LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
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

export const MAX_WEBHOOK_NAME = 80;
export const MAX_AVATAR_URL = 2048;

/**
 * The name webhook posts show, by Discord's rules for webhook names: 1 to 80 characters, not
 * containing "clyde" or "discord", not "everyone" or "here", and without @, #, : or ```.
 */
export function parseWebhookName(input: string): string {
  const name = input.replace(/\s+/g, ' ').trim();
  const problem =
    codePoints(name) < 1 || codePoints(name) > MAX_WEBHOOK_NAME ? `must be 1 to ${MAX_WEBHOOK_NAME} characters`
    : /clyde|discord/i.test(name) ? 'cannot contain "discord" or "clyde" (Discord refuses such webhook names)'
    : /^(everyone|here)$/i.test(name) ? 'cannot be "everyone" or "here"'
    : /[@#:]|```/.test(name) ? 'cannot contain @, #, : or ```'
    : undefined;
  if (problem) throw new UserError(`The name ${problem}.`);
  return name;
}

/** The avatar webhook posts show: an https URL (Discord fetches it for every post). */
export function parseAvatarUrl(input: string): string {
  const text = input.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname || url.username || url.password || text.length > MAX_AVATAR_URL) {
    throw new UserError(`The avatar URL must be an https:// address of an image, up to ${MAX_AVATAR_URL} characters.`);
  }
  return url.href;
}

export function describeIdentity(settings: Pick<GuildSettings, 'webhookName' | 'webhookAvatarUrl'>): string {
  if (!settings.webhookName && !settings.webhookAvatarUrl) return "The webhook's own (see /config identity)";
  const name = settings.webhookName ? `**${escapeDiscordText(settings.webhookName)}**` : "the webhook's own name";
  return settings.webhookAvatarUrl ? `${name} with the avatar at <${settings.webhookAvatarUrl}>` : name;
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
    { name: 'Webhook posts look like', value: truncate(describeIdentity(settings), LIMITS.fieldValue), inline: false },
  ];
  return {
    embeds: [{ title: truncate(`News settings for ${serverName}`, LIMITS.title), color: settings.color, fields }],
    allowedMentions: noMentions(),
  };
}
