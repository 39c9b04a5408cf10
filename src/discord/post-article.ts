// /news post: an admin sends an article's summary embed into a channel.
import { ChannelType, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { buildNotice } from '../core/layout.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import { styleOf } from '../store/guild-settings.js';
import type { Reply } from './command.js';
import { listPermissions, missingPostPermissions, POST_PERMISSIONS, requireManageGuild } from './permissions.js';
import { DiscordCodes, discordErrorCode } from './poster.js';

export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export async function postArticle(interaction: ChatInputCommandInteraction, deps: Deps, articleId: string): Promise<Reply> {
  const guildId = requireManageGuild(interaction, 'post articles');
  const article = deps.news.find(articleId);
  const settings = await deps.settings.get(guildId);
  const chosen = interaction.options.getChannel('channel', false, POSTABLE_CHANNEL_TYPES);
  const channelId = chosen?.id ?? settings.newsChannelId ?? interaction.channelId;

  const cached = interaction.guild?.channels.cache.get(channelId);
  if (cached) {
    const missing = missingPostPermissions(cached);
    if (missing.length) throw new UserError(`I can't post in <#${channelId}>: I'm missing ${listPermissions(missing)} there.`);
  }

  // Sending can wait on Discord's rate limits; deferring keeps the interaction alive meanwhile.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const payload = deps.news.summaryFor(article, styleOf(settings));
  try {
    const sent = await deps.poster.send(channelId, payload);
    deps.logger.info({ guildId, channelId, articleId: article.id, messageId: sent.id }, 'article posted');
  } catch (error) {
    const code = discordErrorCode(error);
    if (code === DiscordCodes.MissingPermissions || code === DiscordCodes.MissingAccess) {
      const needed = listPermissions(POST_PERMISSIONS.map(([, name]) => name));
      throw new UserError(`Discord refused the post in <#${channelId}>: I need ${needed} there.`);
    }
    if (code === DiscordCodes.UnknownChannel) throw new UserError(`<#${channelId}> no longer exists.`);
    throw error;
  }
  return { ...buildNotice(`Posted **${payload.embeds[0]?.title ?? article.id}** in <#${channelId}>.`), flags: MessageFlags.Ephemeral };
}
