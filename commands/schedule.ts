// /schedule: admins have the bot post articles into channels on a rule. Each subcommand checks Manage
// Server again, reads its options and calls the schedule services or the runner.
import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { LIMITS } from '../src/core/limits.js';
import { buildNotice } from '../src/core/layout.js';
import type { ButtonHandler, Command, Reply } from '../src/discord/command.js';
import { canManageGuild, requireManageGuild } from '../src/discord/permissions.js';
import { addTargetOptions, readTargetInput, resolveTarget, TARGET_CHANNEL_TYPES } from '../src/discord/target-options.js';
import type { Deps } from '../src/deps.js';
import { UserError } from '../src/errors.js';
import { explainArticle } from '../src/scheduler/explain.js';
import { firstRun, searchTimeZones } from '../src/scheduler/rules.js';
import type { Schedule } from '../src/scheduler/types.js';
import { LIST_PREFIX, parseListButtonId, scheduleListMessage } from '../src/services/schedule-list.js';
import { attemptTitles, buildHistoryMessage, buildWhyMessage, HISTORY_LENGTH } from '../src/services/schedule-reports.js';
import { addedMessage, addSchedule, DEFAULT_BACKFILL, MAX_BACKFILL, MAX_QUERY_LENGTH, runMessage, scheduleChoices } from '../src/services/schedules.js';

const idOption = (sub: SlashCommandSubcommandBuilder, verb: string, description = `${verb[0]!.toUpperCase()}${verb.slice(1)} a schedule`) =>
  sub.setName(verb).setDescription(description).addStringOption((o) => o.setName('id').setDescription('Schedule id (see /schedule list)').setRequired(true).setAutocomplete(true).setMaxLength(20));

const data = new SlashCommandBuilder()
  .setName('schedule')
  .setDescription('Post articles into channels automatically')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add a schedule: give either every or at')
      .addChannelOption((o) => o.setName('channel').setDescription('Where to post: a channel, a forum or a thread').setRequired(true).addChannelTypes(...TARGET_CHANNEL_TYPES))
      .addStringOption((o) => o.setName('every').setDescription('Interval such as 15m, 2h or 1d').setMaxLength(20))
      .addStringOption((o) => o.setName('at').setDescription('Daily time as HH:MM, such as 09:30').setMaxLength(10))
      .addStringOption((o) => o.setName('timezone').setDescription('Time zone for at, such as Europe/London (default UTC)').setAutocomplete(true).setMaxLength(64))
      .addIntegerOption((o) => o.setName('count').setDescription('New articles per run (1-5, default 1)').setMinValue(1).setMaxValue(5))
      .addStringOption((o) => o.setName('query').setDescription('Only articles with all these words; "exact phrase"; -word excludes').setMaxLength(MAX_QUERY_LENGTH))
      .addIntegerOption((o) => o.setName('backfill').setDescription(`Existing articles the first run posts (0-${MAX_BACKFILL}, default ${DEFAULT_BACKFILL})`).setMinValue(0).setMaxValue(MAX_BACKFILL))
      .addStringOption(addTargetOptions.tags)
      .addBooleanOption(addTargetOptions.thread)
      .addBooleanOption(addTargetOptions.publish)
      .addBooleanOption(addTargetOptions.asWebhook),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription("This server's schedules"))
  .addSubcommand((sub) => idOption(sub, 'remove'))
  .addSubcommand((sub) => idOption(sub, 'pause'))
  .addSubcommand((sub) => idOption(sub, 'resume'))
  .addSubcommand((sub) => idOption(sub, 'run', 'Run a schedule now'))
  .addSubcommand((sub) => idOption(sub, 'history', `A schedule's last ${HISTORY_LENGTH} delivery attempts`))
  .addSubcommand((sub) =>
    idOption(sub, 'why', 'Why an article was or was not posted by a schedule').addStringOption((o) =>
      o.setName('article').setDescription('Article title or id').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue),
    ),
  );

const done = (text: string): Reply => ({ ...buildNotice(text), flags: MessageFlags.Ephemeral });

async function findSchedule(interaction: ChatInputCommandInteraction, deps: Deps, guildId: string): Promise<Schedule> {
  const id = interaction.options.getString('id', true).trim().toLowerCase();
  const schedule = await deps.schedules.get(guildId, id);
  if (!schedule) throw new UserError(`No schedule \`${id.replace(/[^a-z0-9]/g, '').slice(0, 20)}\` in this server. /schedule list shows them.`);
  return schedule;
}

async function add(interaction: ChatInputCommandInteraction, deps: Deps, guildId: string): Promise<Reply> {
  const channel = interaction.options.getChannel('channel', true, [...TARGET_CHANNEL_TYPES]);
  const target = resolveTarget(interaction.guild, channel, readTargetInput(interaction), true);
  const created = await addSchedule(
    deps.schedules,
    {
      guildId,
      channelId: channel.id,
      every: interaction.options.getString('every'),
      at: interaction.options.getString('at'),
      timezone: interaction.options.getString('timezone'),
      count: interaction.options.getInteger('count') ?? 1,
      query: interaction.options.getString('query'),
      backfill: interaction.options.getInteger('backfill'),
      target: target.options,
    },
    deps.clock.now(),
    deps.config.scheduleMinIntervalMinutes,
  );
  deps.scheduler.poke();
  return done(addedMessage(created, target.tagNames));
}

export const schedule = {
  data: data.toJSON(),
  async execute(interaction, deps) {
    const guildId = requireManageGuild(interaction, 'manage schedules');
    const { schedules, clock, scheduler } = deps;
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'add') return add(interaction, deps, guildId);
    const { color } = await deps.settings.get(guildId);
    if (subcommand === 'list') {
      return { ...(await scheduleListMessage(await schedules.listByGuild(guildId), deps, clock.now(), color)), flags: MessageFlags.Ephemeral };
    }
    const found = await findSchedule(interaction, deps, guildId);
    switch (subcommand) {
      case 'remove':
        await schedules.remove(guildId, found.id);
        scheduler.poke();
        return done(`Schedule \`${found.id}\` removed.`);
      case 'pause':
        await schedules.update(found.id, { pausedReason: 'paused by an admin', pauseNotified: true, retryAt: null });
        scheduler.poke();
        return done(`Schedule \`${found.id}\` paused. /schedule resume starts it again.`);
      case 'resume': {
        const nextRunAt = firstRun(found.rule, clock.now());
        await schedules.update(found.id, { pausedReason: null, pauseNotified: false, noticeError: null, failures: 0, retryAt: null, nextRunAt });
        scheduler.poke();
        return done(`Schedule \`${found.id}\` resumed; next run <t:${Math.floor(nextRunAt.getTime() / 1000)}:R>.`);
      }
      case 'run': {
        // Posting can take a while behind rate limits; the interaction is kept alive meanwhile.
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const result = await deps.runner.run(found, { manual: true });
        // What was posted joins the publish queue: the scheduler looks at it now rather than within a minute.
        if (found.target.publish) scheduler.poke();
        return done(runMessage(found, result));
      }
      case 'history': {
        const attempts = await deps.log.recent(found.id, HISTORY_LENGTH);
        return { ...buildHistoryMessage(found, attempts, await attemptTitles(attempts, deps.catalog, found.guildId), color), flags: MessageFlags.Ephemeral };
      }
      case 'why': {
        const articleId = interaction.options.getString('article', true).trim();
        const article = await deps.catalog.get(articleId, { guildId: found.guildId });
        const explanation = await explainArticle(found, articleId, deps, clock.now());
        return { ...buildWhyMessage(found, article ?? { id: articleId.slice(0, 100) }, explanation, color), flags: MessageFlags.Ephemeral };
      }
      default:
        throw new UserError('Unknown subcommand.');
    }
  },
  async autocomplete(interaction, deps) {
    // Schedules and their channels are for the server's admins only, like the command itself.
    if (!interaction.guildId || !canManageGuild(interaction)) return [];
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') return searchTimeZones(String(focused.value)).map((zone) => ({ name: zone, value: zone }));
    if (focused.name === 'article') return deps.news.autocomplete(String(focused.value), { guildId: interaction.guildId });
    const channels = interaction.guild?.channels.cache;
    return scheduleChoices(await deps.schedules.listByGuild(interaction.guildId), String(focused.value), (id) => channels?.get(id)?.name);
  },
} satisfies Command;

/** Previous / Next on /schedule list: the page is in the custom id, so it works after a restart. */
export const scheduleListButtons = {
  prefix: LIST_PREFIX,
  async execute(interaction, deps) {
    const guildId = requireManageGuild(interaction, 'see the schedules');
    const page = parseListButtonId(interaction.customId);
    if (page === undefined) throw new UserError('This button no longer works. Run /schedule list again.');
    const { color } = await deps.settings.get(guildId);
    return scheduleListMessage(await deps.schedules.listByGuild(guildId), deps, deps.clock.now(), color, page);
  },
} satisfies ButtonHandler;
