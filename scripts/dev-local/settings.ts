// What the sandbox runs with: the same variables as the bot (from the environment or .env), except the
// Discord ones, since the sandbox is its own Discord. Its data stays apart from the bot's by default.
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { type BaseConfig, type Env, parseBaseConfig } from '../../src/config.js';

/** Not the bot's ./data/news-bot.sqlite: the sandbox's fake server must never run real schedules. */
export const SANDBOX_DATABASE = './data/sandbox/sandbox.sqlite';

export interface SandboxSettings {
  config: BaseConfig;
  /** Where the database and the log file live. */
  dataDir: string;
  logFile: string;
  /** The web page's port; 0 picks a free one. */
  port: number;
}

export const USAGE = 'Usage: npm run dev:local [-- --port N]';

/** Throws ConfigError for a bad variable, or an Error with USAGE for a bad argument. */
export function sandboxSettings(env: Env, argv: string[]): SandboxSettings {
  let port = 0;
  try {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true, allowPositionals: false });
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port takes a port number (0 to 65535), not "${values.port}".`);
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  // Feeds may come from loopback and private addresses here (the sample feed is on 127.0.0.1): the
  // sandbox is for local testing, which is all FEED_ALLOW_PRIVATE_HOSTS is for.
  const config = parseBaseConfig({ ...env, DATABASE_PATH: env.DATABASE_PATH?.trim() || SANDBOX_DATABASE, FEED_ALLOW_PRIVATE_HOSTS: 'true' });
  const dataDir = dirname(config.databasePath);
  return { config, dataDir, logFile: `${dataDir}/sandbox.log`, port };
}
