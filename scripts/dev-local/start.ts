// Brings the sandbox up: the local Discord-compatible server with the sandbox's server on fixed ids,
// the commands registered through the project's deploy logic, and the bot built by createApp with its
// scheduler running, exactly as `npm start` runs it against Discord.
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import type { BaseConfig, BotConfig } from '../../src/config.js';
import { createRest, deployCommands } from '../../src/discord/deploy.js';
import type { Logger } from '../../src/logger.js';
import type { Schedule } from '../../src/scheduler/types.js';
import { type FakeDiscord, startFakeDiscord } from '../../tests/e2e/fake-discord/index.js';
import { buildSandboxWorld, SANDBOX_IDS, type SandboxWorld } from './world.js';

export interface Sandbox {
  discord: FakeDiscord;
  world: SandboxWorld;
  app: App;
  /** Registered command names. */
  commandNames: string[];
  /** The sandbox server's schedules found in the database at start. */
  schedules: Schedule[];
  close(): Promise<void>;
}

/** Refused to start: the database belongs to something else. */
export class SandboxRefusal extends Error {}

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

/**
 * `beforeStart` runs once the server exists and before the bot connects, so a watcher it sets up sees
 * the posts of schedules that were due while the sandbox was stopped (they go out at once).
 */
export async function startSandbox(base: BaseConfig, logger: Logger, beforeStart: (discord: FakeDiscord, world: SandboxWorld) => void = () => undefined): Promise<Sandbox> {
  const discord = await startFakeDiscord({ applicationId: SANDBOX_IDS.application });
  let app: App | undefined;
  try {
    const world = buildSandboxWorld(discord);
    const config: BotConfig = { ...base, token: discord.token, applicationId: discord.applicationId, guildId: world.guildId, apiBase: discord.apiBase };
    const rest = createRest(config);
    const deployed = await deployCommands(rest, config, commands);
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    app = await createApp(config, { logger });
    // The scheduler runs every active schedule in the database: those of real servers would be sent to
    // this local server, fail, and be paused. Better not to start.
    const foreign = (await app.deps.schedules.due(FAR_FUTURE, 1000)).filter((schedule) => schedule.guildId !== world.guildId);
    if (foreign.length > 0) {
      throw new SandboxRefusal(
        `${config.databasePath} holds ${foreign.length} active schedule${foreign.length === 1 ? '' : 's'} of other servers; the sandbox would run ` +
          'them against its local server and pause them. Unset DATABASE_PATH (the sandbox then uses ./data/sandbox) or point it at another file.',
      );
    }
    const schedules = await app.deps.schedules.listByGuild(world.guildId);
    beforeStart(discord, world);
    await app.start();
    const started = app;
    return {
      discord, world, app: started, commandNames: deployed.names, schedules,
      async close() {
        // The bot first: a client whose server vanished would keep trying to reconnect.
        await started.stop();
        await discord.close();
      },
    };
  } catch (error) {
    await app?.stop().catch(() => undefined);
    await discord.close();
    throw error;
  }
}
