// The single place interactions are dispatched and errors become replies. A UserError's message is
// shown to the user ephemerally; anything else is logged with its context and answered with a short
// apology. Nothing thrown by a handler reaches discord.js, so no handler can stop the bot.
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import { LIMITS, truncate } from '../core/limits.js';
import { buildNotice } from '../core/layout.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import type { ButtonHandler, Command, Reply } from './command.js';
import { DiscordCodes, discordErrorCode } from './codes.js';

const APOLOGY = 'Something went wrong while handling that. It has been logged; please try again in a moment.';

export interface Router {
  handle(interaction: Interaction): Promise<void>;
  /**
   * Stops taking interactions and waits for the handlers still running, at most `timeoutMs`.
   * Resolves true when they all finished in time.
   */
  close(timeoutMs: number): Promise<boolean>;
}

type Answerable = ChatInputCommandInteraction | ButtonInteraction;

async function answer(interaction: Answerable, reply: Reply, asUpdate: boolean): Promise<void> {
  // Whether a message is ephemeral is settled by its first response; edits and updates cannot change it.
  const { flags: _flags, ...payload } = reply;
  if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
  // A button answer marked ephemeral is a new private message instead of a change to the one pressed.
  else if (asUpdate && interaction.isButton() && !reply.flags) await interaction.update(payload);
  else await interaction.reply(reply);
}

async function answerError(interaction: Answerable, text: string): Promise<void> {
  const notice: Reply = { ...buildNotice(text), flags: MessageFlags.Ephemeral };
  if (interaction.deferred) await interaction.editReply({ content: notice.content!, embeds: [], components: [], allowedMentions: notice.allowedMentions });
  else if (interaction.replied) await interaction.followUp(notice);
  else await interaction.reply(notice);
}

function describe(interaction: Interaction): Record<string, unknown> {
  const context: Record<string, unknown> = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    context.command = interaction.commandName;
    context.subcommand = interaction.options.getSubcommand(false);
  }
  if (interaction.isButton()) context.customId = interaction.customId;
  return context;
}

export function createRouter(deps: Deps, commands: readonly Command[], buttons: readonly ButtonHandler[]): Router {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const byPrefix = new Map(buttons.map((button) => [button.prefix, button]));
  const { logger } = deps;

  const count = (interaction: Interaction, outcome: string): void => {
    const command = interaction.isChatInputCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.isButton() ? `button:${interaction.customId.split(':', 1)[0]}` : 'other';
    deps.metrics.interactions.inc({ command, outcome });
  };

  async function run(interaction: Answerable, work: () => Promise<Reply>, asUpdate: boolean): Promise<void> {
    try {
      await answer(interaction, await work(), asUpdate);
      count(interaction, 'ok');
    } catch (error) {
      const code = discordErrorCode(error);
      // Another process answered first (40060), or the interaction expired (10062): nothing to say,
      // and nobody to say it to.
      if (code === DiscordCodes.UnknownInteraction || code === DiscordCodes.AlreadyAcknowledged) {
        logger.debug({ code, ...describe(interaction) }, 'interaction already answered or expired');
        count(interaction, code === DiscordCodes.AlreadyAcknowledged ? 'answered-elsewhere' : 'expired');
        return;
      }
      const isUser = error instanceof UserError;
      count(interaction, isUser ? 'refused' : 'error');
      if (!isUser) logger.error({ err: error, ...describe(interaction) }, 'interaction handler failed');
      try {
        await answerError(interaction, isUser ? truncate(error.message, LIMITS.content) : APOLOGY);
      } catch (replyError) {
        logger.warn({ err: replyError, ...describe(interaction) }, 'could not send the error reply');
      }
    }
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = byName.get(interaction.commandName);
    try {
      const choices = command?.autocomplete ? await command.autocomplete(interaction, deps) : [];
      await interaction.respond(choices.slice(0, LIMITS.choices));
    } catch (error) {
      const code = discordErrorCode(error);
      if (code === DiscordCodes.UnknownInteraction || code === DiscordCodes.AlreadyAcknowledged) return;
      logger.warn({ err: error, ...describe(interaction) }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  const inFlight = new Set<Promise<void>>();
  let closed = false;

  async function dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      return run(interaction, async () => {
        if (!command) throw new UserError('That command is not available any more. An admin may need to run deploy-commands.');
        return command.execute(interaction, deps);
      }, false);
    }
    if (interaction.isButton()) {
      const handler = byPrefix.get(interaction.customId.split(':', 1)[0]!);
      return run(interaction, async () => {
        if (!handler) throw new UserError('This button no longer works. Run the command again.');
        return handler.execute(interaction, deps);
      }, true);
    }
  }

  /**
   * True when this process is the first to take the interaction. Two processes can receive the same
   * one (two sessions of one shard overlapping during a deploy); only the first answers and changes
   * anything. If the database cannot say, the interaction is handled: a possible second answer is
   * dropped by Discord, while a missing one is a user left waiting.
   */
  async function firstToTake(interaction: Interaction): Promise<boolean> {
    if (interaction.isAutocomplete()) return true;
    try {
      return await deps.interactions.claim(interaction.id, deps.clock.now());
    } catch (error) {
      logger.warn({ err: error, ...describe(interaction) }, 'could not record the interaction as taken; handling it anyway');
      return true;
    }
  }

  return {
    async handle(interaction) {
      if (closed) {
        // Shutting down: another process (or this one after its restart) answers instead.
        logger.debug(describe(interaction), 'interaction ignored while shutting down');
        return;
      }
      // Counted as in flight from the start, so a shutdown waits for it even while it is being claimed.
      const work = (async () => {
        if (await firstToTake(interaction)) return dispatch(interaction);
        logger.debug(describe(interaction), 'interaction taken by another process');
        count(interaction, 'answered-elsewhere');
      })();
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    },
    async close(timeoutMs) {
      closed = true;
      if (inFlight.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const finished = Promise.allSettled([...inFlight]).then(() => true as const);
      try {
        return await Promise.race([finished, expired]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
