// Sandbox messages as terminal text: the CLI's renderer, with mentions written the way Discord shows
// them (#channel, @role, @user) instead of raw ids.
import { renderText } from '../../src/cli/render-text.js';
import type { ActionRow, Embed, MessagePayload } from '../../src/core/payload.js';
import type { StoredMessage } from '../../tests/e2e/fake-discord/index.js';
import type { SandboxWorld } from './world.js';

function toPayload(message: StoredMessage): MessagePayload {
  return {
    content: message.content,
    embeds: message.embeds as unknown as Embed[],
    components: message.components as unknown as ActionRow[],
    allowedMentions: { parse: [] },
  };
}

export function readableMentions(text: string, world: SandboxWorld): string {
  return text
    .replace(/<#(\d+)>/g, (_match, id: string) => `#${world.channelName(id)}`)
    .replace(/<@&(\d+)>/g, (_match, id: string) => `@${world.roleName(id)}`)
    .replace(/<@!?(\d+)>/g, (_match, id: string) => `@${world.userName(id)}`);
}

export function messageText(message: StoredMessage, world: SandboxWorld): string {
  return readableMentions(renderText(toPayload(message)), world);
}

/** "17:05:03", in this machine's zone. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** One line for a message that appeared in a channel: its embed title, or the start of its text. */
export function messageHeadline(message: StoredMessage, world: SandboxWorld): string {
  const title = (message.embeds[0] as { title?: unknown } | undefined)?.title;
  const text = typeof title === 'string' ? `posted “${title}”` : message.content.split('\n')[0] ?? '';
  const plain = readableMentions(renderText({ content: text, embeds: [], allowedMentions: { parse: [] } }), world);
  const pinged = message.pinged.roles.map((id) => `@${world.roleName(id)}`);
  return `${plain.length > 200 ? `${plain.slice(0, 199)}…` : plain}${pinged.length ? ` (pinged ${pinged.join(', ')})` : ''}`;
}

/** Buttons of a message with their labels, for `press`. */
export function buttonsOf(message: StoredMessage): Array<{ label: string; customId: string; disabled: boolean }> {
  return (message.components as unknown as ActionRow[])
    .flatMap((row) => row.components ?? [])
    .map((button) => ({ label: button.label, customId: button.custom_id, disabled: button.disabled === true }));
}
