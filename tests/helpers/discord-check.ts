// Checks a payload the way Discord would, using the local Discord-compatible server's validator (an
// independent reading of the limits), and that nothing in it can ping anyone.
import { expect } from 'vitest';
import type { MessagePayload } from '../../src/core/payload.js';
import { toMessageBody } from '../../src/discord/poster.js';
import { assertNotEmpty, validateMessage } from '../e2e/fake-discord/validate-message.js';

export function expectDiscordAccepts(payload: MessagePayload): void {
  const fields = validateMessage(toMessageBody(payload), { mode: 'create', context: 'channel' });
  assertNotEmpty({ content: fields.content ?? '', embeds: fields.embeds ?? [], components: fields.components ?? [], attachments: [] });
  expect(payload.allowedMentions).toBeDefined();
}

/** Every text a reader sees in the payload, joined. */
export function visibleText(payload: MessagePayload): string {
  const parts = [payload.content ?? ''];
  for (const embed of payload.embeds) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '', embed.author?.name ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.join('\n');
}
