// Registers the slash commands with Discord: to one server when GUILD_ID is set (instant, for
// development), else globally. Run by `npm run deploy-commands`, never on every start.
import { REST, Routes } from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Command } from './command.js';
import { INVITE_PERMISSIONS, permissionInteger } from './permissions.js';

export function createRest(config: Pick<BotConfig, 'token' | 'apiBase'>): REST {
  return new REST(config.apiBase ? { api: config.apiBase } : {}).setToken(config.token);
}

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

export async function deployCommands(
  rest: REST,
  config: Pick<BotConfig, 'applicationId' | 'guildId'>,
  commands: readonly Command[],
): Promise<DeployResult> {
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  // A bulk overwrite: commands removed from the code disappear from Discord too.
  const registered = (await rest.put(route, { body: commands.map((command) => command.data) })) as Array<{ name: string }>;
  return { scope: config.guildId ? 'guild' : 'global', names: registered.map((command) => command.name) };
}

/** The link a server admin opens to add the bot, with its scopes and the permissions it needs. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: String(permissionInteger(INVITE_PERMISSIONS)),
  });
  return `https://discord.com/oauth2/authorize?${query}`;
}
