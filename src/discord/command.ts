// The shape of a slash command module (commands/*.ts) and of the replies handlers return.
import type {
  MessageFlags,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { MessagePayload } from '../core/payload.js';
import type { Deps } from '../deps.js';
import type { Choice } from '../services/news.js';

/** A message for the router to send as the interaction's answer; `flags` makes it visible to the user alone. */
export interface Reply extends MessagePayload {
  flags?: MessageFlags.Ephemeral;
}

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Returns the answer; the router sends it (as a reply, or an edit when the handler deferred). */
  execute(interaction: ChatInputCommandInteraction, deps: Deps): Promise<Reply>;
  autocomplete?(interaction: AutocompleteInteraction, deps: Deps): Promise<Choice[]> | Choice[];
}

/**
 * Handles buttons whose custom id starts with `prefix:`. The returned payload replaces the message,
 * unless it is marked ephemeral: then it is sent to the presser alone as a new message.
 */
export interface ButtonHandler {
  prefix: string;
  execute(interaction: ButtonInteraction, deps: Deps): Promise<Reply>;
}
