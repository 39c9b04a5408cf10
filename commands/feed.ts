// /feed: admins have the bot follow RSS, Atom and JSON feeds for their server. Each subcommand checks
// Manage Server again, reads its options and calls the feed service; the answers are built in
// services/feed-messages.ts.
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { buildNotice } from '../src/core/layout.js';
import type { ButtonHandler, Command, Reply } from '../src/discord/command.js';
import { canManageGuild, requireManageGuild } from '../src/discord/permissions.js';
import { UserError } from '../src/errors.js';
import { MAX_FEED_NAME, MAX_FEED_URL } from '../src/services/feeds.js';
import { addedMessage, buildFeedList, buildPreview, FEED_LIST_PREFIX, feedChoices, parseFeedListButtonId, removedMessage } from '../src/services/feed-messages.js';
import { settingsFor, styleOf } from '../src/store/guild-settings.js';

const data = new SlashCommandBuilder()
  .setName('feed')
  .setDescription("Follow news feeds (RSS, Atom, JSON Feed): their articles join this server's library")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Follow a feed; what it has now counts as already there')
      .addStringOption((o) => o.setName('url').setDescription('The feed address, such as https://news.example.org/rss.xml').setRequired(true).setMaxLength(MAX_FEED_URL))
      .addStringOption((o) => o.setName('name').setDescription('A name to show instead of the feed title').setMaxLength(MAX_FEED_NAME))
      .addBooleanOption((o) => o.setName('full-text').setDescription('Read each linked page for the whole text (for feeds with teasers only)')),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription("This server's feeds: status, last fetch, last error, articles"))
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Stop following a feed and remove its articles')
      .addStringOption((o) => o.setName('id').setDescription('Feed id (see /feed list)').setRequired(true).setAutocomplete(true).setMaxLength(20)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('test')
      .setDescription('Show the first entries of a feed as they would be posted, saving nothing')
      .addStringOption((o) => o.setName('url').setDescription('The feed address').setRequired(true).setMaxLength(MAX_FEED_URL)),
  );

const ephemeral = (reply: Reply): Reply => ({ ...reply, flags: MessageFlags.Ephemeral });

export const feed = {
  data: data.toJSON(),
  async execute(interaction, deps) {
    const guildId = requireManageGuild(interaction, 'manage feeds');
    const subcommand = interaction.options.getSubcommand();
    const settings = await settingsFor(deps.settings, guildId);
    switch (subcommand) {
      case 'add': {
        // A fetch may take up to its 10 s timeout: the interaction is kept alive meanwhile.
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const name = interaction.options.getString('name');
        const fullText = interaction.options.getBoolean('full-text') ?? false;
        const { feed: added, result } = await deps.feeds.add({ guildId, url: interaction.options.getString('url', true), name, fullText });
        return ephemeral(buildNotice(addedMessage(added, result)));
      }
      case 'list':
        return ephemeral(buildFeedList(await deps.feeds.list(guildId), settings.color));
      case 'remove': {
        const found = await deps.feeds.find(interaction.options.getString('id', true), guildId);
        return ephemeral(buildNotice(removedMessage(await deps.feeds.remove(found))));
      }
      case 'test': {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const { url, feed: parsed } = await deps.feeds.preview(interaction.options.getString('url', true));
        return ephemeral(buildPreview(url, parsed, styleOf(settings), deps.clock.now()));
      }
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  async autocomplete(interaction, deps) {
    // A server's feeds (and their addresses) are for its admins only, like the command itself.
    if (!interaction.guildId || !canManageGuild(interaction)) return [];
    const listed = await deps.feeds.list(interaction.guildId);
    return feedChoices(listed.map((item) => item.feed), String(interaction.options.getFocused()));
  },
} satisfies Command;

/** Previous / Next on /feed list: the page is in the custom id, so it works after a restart. */
export const feedListButtons = {
  prefix: FEED_LIST_PREFIX,
  async execute(interaction, deps) {
    const guildId = requireManageGuild(interaction, 'see the feeds');
    const page = parseFeedListButtonId(interaction.customId);
    if (page === undefined) throw new UserError('This button no longer works. Run /feed list again.');
    const { color } = await deps.settings.get(guildId);
    return buildFeedList(await deps.feeds.list(guildId), color, page);
  },
} satisfies ButtonHandler;
