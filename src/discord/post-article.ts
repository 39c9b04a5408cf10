// /news post: an admin sends an article's summary embed to a channel, forum or thread, with the same
// target options and delivery steps as a schedule (see scheduler/deliver.ts).
import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { Article } from '../core/article.js';
import { buildNotice } from '../core/layout.js';
import { escapeDiscordText } from '../core/markdown.js';
import type { MessagePayload } from '../core/payload.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import { styleOf } from '../store/guild-settings.js';
import { DiscordCodes } from './codes.js';
import type { Reply } from './command.js';
import { listPermissions, requireManageGuild, targetNeeds } from './permissions.js';
import { asSendFailure, SendFailure } from './send-failure.js';
import { type Identity, nonceGuards, type Target } from './target.js';
import { readTargetInput, resolveTarget, TARGET_CHANNEL_TYPES } from './target-options.js';

/** At most 25 characters, as Discord allows: a prefix and the interaction's id (up to 20 digits). */
export function postNonce(interactionId: string): string {
  return `p${interactionId}`.slice(0, 25);
}

interface Made {
  messageId: string;
  threadId: string | null;
}

/**
 * Posts once per interaction. The claim carries the interaction's nonce: Discord answers a retried
 * plain message with the first one, and the same interaction handled again (a retry, another process)
 * finds its own claim and goes on from what it recorded instead of posting again. An article already
 * posted there by anyone else is posted again, as asked, without a record of its own.
 */
async function deliverNow(deps: Deps, target: Target, article: Article, payload: MessagePayload, identity: Identity, nonce: string): Promise<Made> {
  const { deliveries, steps, clock } = deps;
  const claim = { channelId: target.channelId, articleId: article.id, scheduleId: null, nonce, claimedAt: clock.now() };
  const job = { target, article, payload, identity };
  if (await deliveries.claim(claim)) {
    try {
      const outcome = await steps.complete({ ...job, delivery: { ...claim, messageId: null, threadId: null }, fresh: true });
      if (outcome.kind === 'posted') return outcome;
    } catch (error) {
      const failure = asSendFailure(error);
      // A refusal posted nothing: the pair is free again. A passing failure may hide a post that went
      // out; where Discord takes no nonce, the claim stays pending for a schedule there to look for.
      if (failure.scope !== 'transient' || nonceGuards(target)) await deliveries.release(target.channelId, article.id);
      throw failure;
    }
  }
  const existing = await deliveries.get(target.channelId, article.id);
  if (existing?.nonce === nonce) {
    if (existing.state === 'sent' && existing.messageId) return { messageId: existing.messageId, threadId: existing.threadId };
    const outcome = await steps.complete({ ...job, delivery: existing, fresh: false });
    if (outcome.kind === 'unconfirmed') throw new UserError(`I can't tell yet whether this post went out (${outcome.failure.reason}). Check <#${target.channelId}> before trying again.`);
    return outcome;
  }
  const outcome = await steps.complete({ ...job, delivery: { ...claim, messageId: null, threadId: null }, fresh: true, tracked: false });
  if (outcome.kind === 'unconfirmed') throw outcome.failure;
  return outcome;
}

export async function postArticle(interaction: ChatInputCommandInteraction, deps: Deps, articleId: string): Promise<Reply> {
  const guildId = requireManageGuild(interaction, 'post articles');
  const article = await deps.news.find(articleId, { guildId });
  const settings = await deps.settings.get(guildId);
  const chosen = interaction.options.getChannel('channel', false, [...TARGET_CHANNEL_TYPES]);
  const channelId = chosen?.id ?? settings.newsChannelId ?? interaction.channelId;
  const resolved = resolveTarget(interaction.guild, chosen ?? { id: channelId }, readTargetInput(interaction), false);
  const target: Target = { ...resolved.options, guildId, channelId };

  // Sending can wait on Discord's rate limits; deferring keeps the interaction alive meanwhile.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const payload = await deps.news.summaryFor(article, styleOf(settings));
  let made: Made;
  try {
    made = await deliverNow(deps, target, article, payload, { name: settings.webhookName, avatarUrl: settings.webhookAvatarUrl }, postNonce(interaction.id));
  } catch (error) {
    throw explainRefusal(error, target);
  }
  deps.logger.info({ guildId, channelId, articleId: article.id, messageId: made.messageId }, 'article posted');
  if (target.publish) deps.scheduler.poke();
  // The embed's title: already escaped and cut to Discord's limit.
  const title = payload.embeds[0]?.title ?? escapeDiscordText(article.id);
  const where = target.kind === 'forum' && made.threadId ? `<#${made.threadId}> in <#${channelId}>` : `<#${channelId}>`;
  const extras = [target.threadPerArticle && made.threadId ? ` with a thread for discussion, <#${made.threadId}>` : '', target.publish ? '; it is published to following servers as soon as the channel allows' : ''];
  return { ...buildNotice(`Posted **${title}** in ${where}${extras.join('')}.`), flags: MessageFlags.Ephemeral };
}

function explainRefusal(error: unknown, target: Target): unknown {
  if (!(error instanceof SendFailure)) return error;
  const channel = `<#${target.channelId}>`;
  if (error.code === DiscordCodes.MissingPermissions || error.code === DiscordCodes.MissingAccess) {
    const needs = targetNeeds(target).filter((name) => name !== 'Read Message History');
    return new UserError(`Discord refused the post in ${channel}: I need ${listPermissions(needs)} there.`);
  }
  if (error.code === DiscordCodes.UnknownChannel) return new UserError(`${channel} no longer exists.`);
  if (error.scope === 'article' || error.scope === 'channel') return new UserError(`${error.reason}.`);
  if (error.scope === 'transient') return new UserError(`Posting in ${channel} failed for now (${error.reason}). Try again in a moment.`);
  return error;
}
