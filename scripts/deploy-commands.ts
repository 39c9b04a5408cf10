// `npm run deploy-commands`: registers every slash command (to GUILD_ID when set, else globally).
import { commands } from '../commands/index.js';
import { ConfigError, loadEnvFile, parseBotConfig } from '../src/config.js';
import { createRest, deployCommands, inviteUrl } from '../src/discord/deploy.js';

loadEnvFile();
try {
  const config = parseBotConfig(process.env);
  const result = await deployCommands(createRest(config), config, commands);
  const where = result.scope === 'guild' ? `server ${config.guildId}` : 'all servers (global commands can take up to an hour to appear)';
  process.stdout.write(`Registered ${result.names.map((name) => `/${name}`).join(', ')} for ${where}.\n`);
  process.stdout.write(`Invite the bot to a server with:\n  ${inviteUrl(config.applicationId)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Registering commands failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}
