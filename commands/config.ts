// /config: a server's admins choose where and how the bot posts. Discord hides the command from
// members without Manage Server, and every subcommand checks again here.
import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { buildNotice } from '../src/core/layout.js';
import type { ButtonHandler, Command, Reply } from '../src/discord/command.js';
import { answerReset, buildResetQuestion, RESET_PREFIX } from '../src/discord/config-reset.js';
import { listPermissions, missingPostPermissions, requireManageGuild } from '../src/discord/permissions.js';
import { UserError } from '../src/errors.js';
import { MAX_SENTENCES, MIN_SENTENCES } from '../src/services/news.js';
import { buildSettingsMessage, describeIdentity, formatColor, MAX_AVATAR_URL, MAX_WEBHOOK_NAME, parseAvatarUrl, parseColor, parseWebhookName } from '../src/services/settings.js';

const data = new SlashCommandBuilder()
  .setName('config')
  .setDescription("Change how the news bot posts in this server")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) => sub.setName('show').setDescription('Show the current settings'))
  .addSubcommand((sub) =>
    sub
      .setName('channel')
      .setDescription('Set the default news channel')
      .addChannelOption((o) => o.setName('channel').setDescription('Text or announcement channel').setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('summary-length')
      .setDescription('Set the default summary length')
      .addIntegerOption((o) => o.setName('sentences').setDescription('Sentences per summary (1-10)').setRequired(true).setMinValue(MIN_SENTENCES).setMaxValue(MAX_SENTENCES)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('color')
      .setDescription('Set the embed color')
      .addStringOption((o) => o.setName('hex').setDescription('#RRGGBB or RRGGBB, for example #2F6FDF').setRequired(true).setMaxLength(20)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('mention-role')
      .setDescription('Set a role to ping with scheduled posts')
      .addRoleOption((o) => o.setName('role').setDescription('The role to ping').setRequired(true)),
  )
  .addSubcommand((sub) => sub.setName('mention-role-clear').setDescription('Stop pinging a role with scheduled posts'))
  .addSubcommand((sub) =>
    sub
      .setName('identity')
      .setDescription('How posts made as a webhook look (as-webhook); no options: the webhook\'s own')
      .addStringOption((o) => o.setName('name').setDescription('The name posts show (1-80 characters)').setMaxLength(MAX_WEBHOOK_NAME))
      .addStringOption((o) => o.setName('avatar-url').setDescription('An https:// image URL for the avatar posts show').setMaxLength(MAX_AVATAR_URL)),
  )
  .addSubcommand((sub) => sub.setName('reset').setDescription('Put every setting back to its default (asks first)'));

const done = (text: string): Reply => ({ ...buildNotice(text), flags: MessageFlags.Ephemeral });

export const config = {
  data: data.toJSON(),
  async execute(interaction, deps) {
    const guildId = requireManageGuild(interaction, 'change the news settings');
    const { settings } = deps;
    switch (interaction.options.getSubcommand()) {
      case 'show':
        return { ...buildSettingsMessage(await settings.get(guildId), interaction.guild?.name ?? 'this server'), flags: MessageFlags.Ephemeral };
      case 'channel': {
        const channel = interaction.options.getChannel('channel', true, [ChannelType.GuildText, ChannelType.GuildAnnouncement]);
        const cached = interaction.guild?.channels.cache.get(channel.id);
        const missing = cached ? missingPostPermissions(cached) : [];
        if (missing.length) throw new UserError(`I can't post in <#${channel.id}>: I'm missing ${listPermissions(missing)} there. Give me those and try again.`);
        await settings.update(guildId, { newsChannelId: channel.id });
        return done(`News will be posted in <#${channel.id}> by default.`);
      }
      case 'summary-length': {
        const sentences = interaction.options.getInteger('sentences', true);
        if (sentences < MIN_SENTENCES || sentences > MAX_SENTENCES) throw new UserError(`Summary length must be from ${MIN_SENTENCES} to ${MAX_SENTENCES} sentences.`);
        await settings.update(guildId, { summarySentences: sentences });
        return done(`Summaries will be ${sentences} sentence${sentences === 1 ? '' : 's'} long.`);
      }
      case 'color': {
        const color = parseColor(interaction.options.getString('hex', true));
        await settings.update(guildId, { color });
        return done(`Embeds will use ${formatColor(color)}.`);
      }
      case 'mention-role': {
        const role = interaction.options.getRole('role', true);
        if (role.id === guildId) throw new UserError('@everyone cannot be the mention role; choose a specific role.');
        await settings.update(guildId, { mentionRoleId: role.id });
        return done(`Scheduled posts will ping <@&${role.id}>.`);
      }
      case 'identity': {
        const name = interaction.options.getString('name');
        const avatar = interaction.options.getString('avatar-url');
        const next = await settings.update(guildId, { webhookName: name === null ? null : parseWebhookName(name), webhookAvatarUrl: avatar === null ? null : parseAvatarUrl(avatar) });
        return done(`Posts made as a webhook will show: ${describeIdentity(next)}.`);
      }
      case 'mention-role-clear':
        await settings.update(guildId, { mentionRoleId: null });
        return done('Scheduled posts will not ping any role.');
      case 'reset':
        return { ...buildResetQuestion(interaction.user.id, deps.clock.now()), flags: MessageFlags.Ephemeral };
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
} satisfies Command;

export const configResetButtons = { prefix: RESET_PREFIX, execute: answerReset } satisfies ButtonHandler;

