// /news post: an admin sends an article's summary embed into a channel.
import { ChannelType, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { buildNotice } from '../core/layout.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import { styleOf } from '../store/guild-settings.js';
import type { Reply } from './command.js';
import { listPermissions, missingPostPermissions, POST_PERMISSIONS, requireManageGuild } from './permissions.js';
import { DiscordCodes } from './codes.js';
import { SendFailure } from './send-failure.js';

export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** At most 25 characters, as Discord allows: a prefix and the interaction's id (up to 20 digits). */
export function postNonce(interactionId: string): string {
  return `p${interactionId}`.slice(0, 25);
}

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
  let messageId: string;
  try {
    // The nonce comes from the interaction, so a retried request (or a second process answering the
    // same interaction) is answered by Discord with the first message instead of a second post.
    messageId = (await deps.poster.send(channelId, payload, { nonce: postNonce(interaction.id) })).id;
  } catch (error) {
    throw explainRefusal(error, channelId);
  }
  deps.logger.info({ guildId, channelId, articleId: article.id, messageId }, 'article posted');
  // Recorded like a scheduled post, so no schedule posts the same article into that channel again.
  await deps.deliveries.recordSent({ channelId, articleId: article.id, scheduleId: null, nonce: postNonce(interaction.id), claimedAt: deps.clock.now() }, messageId);
  return { ...buildNotice(`Posted **${payload.embeds[0]?.title ?? article.id}** in <#${channelId}>.`), flags: MessageFlags.Ephemeral };
}

function explainRefusal(error: unknown, channelId: string): unknown {
  if (!(error instanceof SendFailure)) return error;
  const channel = `<#${channelId}>`;
  if (error.code === DiscordCodes.MissingPermissions || error.code === DiscordCodes.MissingAccess) {
    return new UserError(`Discord refused the post in ${channel}: I need ${listPermissions(POST_PERMISSIONS.map(([, name]) => name))} there.`);
  }
  if (error.code === DiscordCodes.UnknownChannel) return new UserError(`${channel} no longer exists.`);
  if (error.scope === 'article') return new UserError(`${error.reason}.`);
  if (error.scope === 'transient') return new UserError(`Posting in ${channel} failed for now (${error.reason}). Try again in a moment.`);
  return error;
}
