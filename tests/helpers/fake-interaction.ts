// Just enough of discord.js's interaction objects to drive command handlers and the router in unit
// tests. It records every answer; the end-to-end tests cover the real client against a local server.
import { MessageFlags, MessageFlagsBitField, PermissionFlagsBits, PermissionsBitField, type Interaction } from 'discord.js';

export interface Answer {
  kind: 'reply' | 'deferReply' | 'editReply' | 'followUp' | 'update' | 'respond';
  options: any;
}

export interface FakeOptions {
  kind?: 'command' | 'autocomplete' | 'button';
  command?: string;
  subcommand?: string;
  options?: Record<string, string | number | boolean | { id: string; type: number }>;
  /** For buttons: whether the message pressed is ephemeral. */
  ephemeralMessage?: boolean;
  focused?: string;
  customId?: string;
  guildId?: string | null;
  channelId?: string;
  permissions?: bigint;
  /** Permission bits the bot holds in each cached channel. */
  botPermissions?: Record<string, bigint>;
}

export const ADMIN = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;
export const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;

/** Each fake interaction gets its own id, as Discord's do: the router handles an id only once. */
let nextId = 200_000_000_000_000_001n;

export function fakeInteraction(spec: FakeOptions) {
  const id = String(nextId++);
  const answers: Answer[] = [];
  const kind = spec.kind ?? 'command';
  const guildId = spec.guildId === undefined ? '100000000000000001' : spec.guildId;
  const options = spec.options ?? {};
  const botChannels = new Map(
    Object.entries(spec.botPermissions ?? {}).map(([id, bits]) => [id, { id, permissionsFor: () => new PermissionsBitField(bits), guild: undefined as unknown }]),
  );
  const guild = { members: { me: { id: 'bot' } }, channels: { cache: botChannels } };
  for (const channel of botChannels.values()) channel.guild = guild;
  const interaction = {
    id,
    commandName: spec.command ?? 'news',
    customId: spec.customId ?? '',
    message: { flags: new MessageFlagsBitField(spec.ephemeralMessage ? MessageFlags.Ephemeral : 0) },
    guildId,
    channelId: spec.channelId ?? '300000000000000001',
    guild: guildId ? guild : null,
    user: { id: '400000000000000001', tag: 'someone' },
    memberPermissions: guildId ? new PermissionsBitField(spec.permissions ?? MEMBER) : null,
    deferred: false,
    replied: false,
    responded: false,
    inGuild: () => guildId !== null,
    isChatInputCommand: () => kind === 'command',
    isAutocomplete: () => kind === 'autocomplete',
    isButton: () => kind === 'button',
    options: {
      getSubcommand: (required = true) => spec.subcommand ?? (required ? (() => { throw new Error('no subcommand'); })() : null),
      getString: (name: string, required = false) => {
        const value = options[name];
        if (value === undefined && required) throw new Error(`missing ${name}`);
        return value === undefined ? null : String(value);
      },
      getInteger: (name: string) => (typeof options[name] === 'number' ? options[name] : null),
      getBoolean: (name: string) => (typeof options[name] === 'boolean' ? options[name] : null),
      getChannel: (name: string) => (typeof options[name] === 'object' ? options[name] : null),
      getRole: (name: string) => (typeof options[name] === 'object' ? options[name] : null),
      getFocused: (full = false) => {
        const value = String(options[spec.focused ?? ''] ?? '');
        return full ? { name: spec.focused ?? '', value } : value;
      },
    },
    async reply(o: unknown) {
      if (interaction.replied || interaction.deferred) throw new Error('already acknowledged');
      interaction.replied = true;
      answers.push({ kind: 'reply', options: o });
    },
    async deferReply(o: unknown) {
      if (interaction.replied || interaction.deferred) throw new Error('already acknowledged');
      interaction.deferred = true;
      answers.push({ kind: 'deferReply', options: o });
    },
    async editReply(o: unknown) {
      if (!interaction.replied && !interaction.deferred) throw new Error('not acknowledged yet');
      answers.push({ kind: 'editReply', options: o });
    },
    async followUp(o: unknown) {
      answers.push({ kind: 'followUp', options: o });
    },
    async update(o: unknown) {
      if (interaction.replied || interaction.deferred) throw new Error('already acknowledged');
      interaction.replied = true;
      answers.push({ kind: 'update', options: o });
    },
    async respond(o: unknown) {
      interaction.responded = true;
      answers.push({ kind: 'respond', options: o });
    },
  };
  return { interaction: interaction as unknown as Interaction, answers };
}
