// Renders a message payload as plain text for the terminal: what a reader would see in Discord,
// without the escaping and with Discord's <t:…> timestamps written out in full with their zone.
import type { MessagePayload } from '../core/payload.js';
import { formatDiscordTime, type TimeOptions, writeOutTimes } from './discord-time.js';

export function renderText(payload: MessagePayload, times: TimeOptions = {}): string {
  const plain = (text: string): string => writeOutTimes(text, times).replace(/\\(.)/g, '$1');
  const lines: string[] = [];
  if (payload.content) lines.push(plain(payload.content));
  for (const embed of payload.embeds) {
    if (embed.author) lines.push(embed.author.name);
    if (embed.title) lines.push(plain(embed.title), '='.repeat(Math.min(72, Array.from(plain(embed.title)).length)));
    if (embed.url) lines.push(embed.url);
    if (embed.description) lines.push('', plain(embed.description));
    for (const field of embed.fields ?? []) lines.push('', plain(field.name), plain(field.value));
    const footer = [embed.footer?.text, embed.timestamp ? formatDiscordTime(new Date(embed.timestamp), 'f', times) : undefined].filter(Boolean).join(' · ');
    if (footer) lines.push('', `-- ${footer}`);
  }
  for (const row of payload.components ?? []) {
    const labels = row.components.map((button) => `[${button.label}${button.disabled ? ' (disabled)' : ''}]`);
    lines.push('', labels.join(' '));
  }
  return lines.join('\n');
}
