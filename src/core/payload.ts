// The message shape every layout produces: plain JSON that discord.js accepts as reply or send options
// and that the CLI prints with --json. Kept free of discord.js so the core stays testable on its own.
import type { Embed } from './limits.js';

export type { Embed, EmbedField } from './limits.js';

export const ButtonStyle = { Primary: 1, Secondary: 2, Success: 3, Danger: 4 } as const;

export interface Button {
  type: 2;
  style: (typeof ButtonStyle)[keyof typeof ButtonStyle];
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export interface ActionRow {
  type: 1;
  components: Button[];
}

export interface AllowedMentions {
  parse: Array<'users' | 'roles' | 'everyone'>;
  roles?: string[];
  users?: string[];
  repliedUser?: boolean;
}

export interface MessagePayload {
  content?: string;
  embeds: Embed[];
  components?: ActionRow[];
  allowedMentions: AllowedMentions;
}

/** Nobody is pinged: the default for every message the bot sends. */
export function noMentions(): AllowedMentions {
  return { parse: [] };
}

/** Only this one role may be pinged (scheduled posts with a configured mention role). */
export function onlyRole(roleId: string): AllowedMentions {
  return { parse: [], roles: [roleId] };
}
