// What a line typed at the prompt or in the page does: slash commands and button presses go to the
// local server as the sandbox's admin would send them; the sandbox words list and switch channels.
// The prompt and the page share one session, so both behave the same.
import { commands } from '../../commands/index.js';
import { type FakeDiscord, InvocationError, type InteractionResult, type StoredMessage } from '../../tests/e2e/fake-discord/index.js';
import { coerceOptions, type DevAction } from '../dev-local-parse.js';
import { helpText } from './help.js';
import { buttonsOf, clockTime, messageText } from './text.js';
import type { SandboxWorld } from './world.js';

export interface Outcome {
  /** Short text: lists, refusals, errors. */
  notes: string[];
  /** The bot's answers (visible ones and those only the admin sees), in order. */
  answers: StoredMessage[];
  quit?: boolean;
}

const note = (text: string): Outcome => ({ notes: [text], answers: [] });
const SETTLE = { timeoutMs: 15_000 };

export class SandboxSession {
  /** Where commands run; `go #channel` moves it. */
  channelId: string;
  private lastMessageId: string | undefined;

  constructor(
    private readonly discord: FakeDiscord,
    private readonly world: SandboxWorld,
    /** The local sample feed's address, for help's examples. */
    private readonly sampleFeedUrl?: string,
  ) {
    this.channelId = world.newsChannelId;
  }

  /** Runs one action; never throws (a refusal or failure comes back as a note). */
  async run(action: DevAction, channelId = this.channelId): Promise<Outcome> {
    try {
      return await this.perform(action, channelId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return note(error instanceof InvocationError ? `Discord would refuse that: ${message.replace(/^fake-discord: /, '')}` : message);
    }
  }

  /** Presses a button as the admin, as a click on the page does. */
  async pressButton(messageId: string, customId: string): Promise<Outcome> {
    const message = this.discord.message(messageId);
    if (!message || message.deleted) return note('That message is gone.');
    try {
      return await this.settle(await this.discord.pressButton({ guildId: this.world.guildId, channelId: message.channelId, userId: this.world.adminId, messageId, customId }));
    } catch (error) {
      return note(error instanceof Error ? error.message : String(error));
    }
  }

  private async perform(action: DevAction, channelId: string): Promise<Outcome> {
    switch (action.kind) {
      case 'empty':
        return { notes: [], answers: [] };
      case 'quit':
        return { notes: [], answers: [], quit: true };
      case 'help':
        return note(helpText(commands.map((command) => command.data), this.sampleFeedUrl));
      case 'error':
        return note(action.message);
      case 'channels':
        return note(this.describeWorld());
      case 'go': {
        const id = this.world.channelId(action.channel) ?? fail(`No channel #${action.channel}. Type channels to see them.`);
        this.channelId = id;
        return note(`Commands now run in #${this.world.channelName(id)}.`);
      }
      case 'messages':
        return note(this.listMessages(action.channel ? (this.world.channelId(action.channel) ?? fail(`No channel #${action.channel}.`)) : channelId));
      case 'press':
        return this.pressLabel(action.label);
      case 'command': {
        const command = commands.find((c) => c.data.name === action.command);
        const options = command
          ? coerceOptions(command.data, action.subcommand, action.options, { channel: (name) => this.world.channelId(name), role: (name) => this.world.roleId(name) })
          : action.options;
        const { guildId, adminId: userId } = this.world;
        return this.settle(await this.discord.invokeCommand({ guildId, channelId, userId, command: action.command, ...(action.subcommand ? { subcommand: action.subcommand } : {}), options }));
      }
    }
  }

  private async settle(result: InteractionResult): Promise<Outcome> {
    const answer = await result.final(SETTLE);
    const answers = [answer.message, ...answer.followups].filter((m): m is StoredMessage => m !== null && !m.deleted);
    if (answers.length > 0) this.lastMessageId = answers[answers.length - 1]!.id;
    return answers.length > 0 ? { notes: [], answers } : note('(no message)');
  }

  /** The last answer first, then the current channel's messages from the newest. */
  private async pressLabel(label: string): Promise<Outcome> {
    const wanted = label.toLowerCase();
    const ids = [this.lastMessageId, ...this.discord.messages(this.channelId).map((m) => m.id).reverse()].filter((id): id is string => id !== undefined);
    for (const id of ids) {
      const message = this.discord.message(id);
      const button = message && !message.deleted ? buttonsOf(message).find((b) => b.label.toLowerCase() === wanted) : undefined;
      if (!button) continue;
      if (button.disabled) return note(`"${button.label}" is disabled on that message.`);
      return this.pressButton(id, button.customId);
    }
    return note(`No message with a "${label}" button.`);
  }

  private listMessages(channelId: string): string {
    const name = this.world.channelName(channelId);
    const list = this.discord.messages(channelId);
    if (list.length === 0) return `#${name} is empty.`;
    return list
      .map((message) => {
        const lines = messageText(message, this.world).split('\n');
        return `--- ${message.id} ${clockTime(message.createdAt)}\n${lines.slice(0, 4).join('\n')}${lines.length > 4 ? '\n…' : ''}`;
      })
      .join('\n');
  }

  private describeWorld(): string {
    const channels = this.world.channels().map((c) => `#${c.name}${c.type === 5 ? ' (announcement)' : ''}${c.id === this.channelId ? ' (commands run here)' : ''}`);
    const roles = this.world.roles().map((r) => `@${r.name}${r.mentionable ? ' (mentionable)' : ''}`);
    return [`Channels: ${channels.join(', ')}`, `Roles: ${roles.join(', ')}`, 'You are @admin, with Manage Server through @admins.'].join('\n');
  }
}

function fail(message: string): never {
  throw new Error(message);
}
