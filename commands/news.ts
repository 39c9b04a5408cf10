// /news: read the library. Each subcommand reads its options, asks the news service, returns the message.
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../src/core/limits.js';
import type { Command, Reply } from '../src/discord/command.js';
import { postArticle } from '../src/discord/post-article.js';
import { addTargetOptions, TARGET_CHANNEL_TYPES } from '../src/discord/target-options.js';
import { UserError } from '../src/errors.js';
import { settingsFor, styleOf } from '../src/store/guild-settings.js';
import { MAX_LATEST, MAX_SENTENCES, MIN_SENTENCES } from '../src/services/news.js';

const data = new SlashCommandBuilder()
  .setName('news')
  .setDescription('Read, summarize, search and post articles from the news library')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('latest')
      .setDescription('The newest articles')
      .addIntegerOption((o) => o.setName('count').setDescription('How many (1-10, default 5)').setMinValue(1).setMaxValue(MAX_LATEST)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('read')
      .setDescription('Read a whole article, page by page (only you see it unless public)')
      .addStringOption((o) => o.setName('article').setDescription('Article title or id').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue))
      .addBooleanOption((o) => o.setName('public').setDescription('Show it to the channel (default: only you)')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('summary')
      .setDescription('A short summary of an article')
      .addStringOption((o) => o.setName('article').setDescription('Article title or id').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue))
      .addIntegerOption((o) => o.setName('sentences').setDescription('Summary length in sentences (1-10)').setMinValue(MIN_SENTENCES).setMaxValue(MAX_SENTENCES)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('search')
      .setDescription('Search the articles (only you see the results unless public)')
      .addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(200))
      .addBooleanOption((o) => o.setName('public').setDescription('Show the results to the channel (default: only you)')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('post')
      .setDescription('Post an article summary into a channel (needs Manage Server)')
      .addStringOption((o) => o.setName('article').setDescription('Article title or id').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue))
      .addChannelOption((o) => o.setName('channel').setDescription('Where to post (default: the news channel, else here)').addChannelTypes(...TARGET_CHANNEL_TYPES))
      .addStringOption(addTargetOptions.tags)
      .addBooleanOption(addTargetOptions.thread)
      .addBooleanOption(addTargetOptions.publish)
      .addBooleanOption(addTargetOptions.asWebhook),
  );

export const news = {
  data: data.toJSON(),
  async execute(interaction, deps) {
    const service = deps.news;
    const style = styleOf(await settingsFor(deps.settings, interaction.guildId));
    const article = () => interaction.options.getString('article', true);
    // A server sees the articles everyone sees plus its own feeds' articles.
    const scope = { guildId: interaction.guildId };
    // Reading and searching are personal unless shared: nobody else's channel fills with them.
    const visibility = (): Pick<Reply, 'flags'> => (interaction.options.getBoolean('public') ? {} : { flags: MessageFlags.Ephemeral });
    switch (interaction.options.getSubcommand()) {
      case 'latest':
        return service.latest(interaction.options.getInteger('count') ?? 5, style, scope);
      case 'read':
        return { ...service.read(await service.find(article(), scope), 0, style), ...visibility() };
      case 'summary':
        // A model that is slow to answer gets the interaction deferred before Discord's 3 seconds run out.
        return service.summary(article(), interaction.options.getInteger('sentences') ?? style.summarySentences, style, scope, () => interaction.deferReply());
      case 'search':
        return { ...(await service.search(interaction.options.getString('query', true), style, scope)), ...visibility() };
      case 'post':
        return postArticle(interaction, deps, article());
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  autocomplete(interaction, { news: service }) {
    return service.autocomplete(String(interaction.options.getFocused()), { guildId: interaction.guildId });
  },
} satisfies Command;
