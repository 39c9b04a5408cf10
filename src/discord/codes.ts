// Discord error codes the bot acts on, and reading the code off any error it may get.
import { DiscordAPIError } from 'discord.js';
import { SendFailure } from './send-failure.js';

/** Discord error codes the bot explains to people instead of treating as bugs. */
export const DiscordCodes = {
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  UnknownTag: 10087,
  MaxWebhooks: 30007,
  AlreadyCrossposted: 40033,
  TagRequired: 40067,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  InvalidWebhookToken: 50027,
  WrongChannelType: 50024,
  ThreadArchived: 50083,
  AlreadyAcknowledged: 40060,
  ThreadAlreadyCreated: 160004,
  ThreadLocked: 160005,
} as const;

export function discordErrorCode(error: unknown): number | undefined {
  if (error instanceof SendFailure) return error.code ?? undefined;
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}
