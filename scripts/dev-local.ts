// `npm run dev:local`: the whole bot against the local Discord-compatible server, driven from a prompt.
// Starts the fake server with one server (#news, an admin), registers the commands with the project's
// deploy logic, starts the bot through createApp, then runs what you type as the admin in #news.
import { createInterface } from 'node:readline';
import { PermissionFlagsBits } from 'discord.js';
import { commands } from '../commands/index.js';
import { type App, createApp } from '../src/app.js';
import { renderText } from '../src/cli/render-text.js';
import type { BotConfig } from '../src/config.js';
import type { ActionRow, Embed, MessagePayload } from '../src/core/payload.js';
import { createRest, deployCommands } from '../src/discord/deploy.js';
import { createLogger, type Logger } from '../src/logger.js';
import { type FakeDiscord, InvocationError, type InteractionSnapshot, startFakeDiscord, type StoredMessage } from '../tests/e2e/fake-discord/index.js';
import { coerceOptions, type DevAction, parseLine } from './dev-local-parse.js';

const HELP = `Type a slash command as the admin in #news, or one of the words below.
  /news latest count:3
  /news summary article:000_709483ed939a94fe sentences:2
  /news read article:<id>            then: press Next, press Previous
  /news search query:climate deal
  /news post article:<id> channel:#news
  /config show    /config color hex:#ff0000    /config summary-length sentences:2
  /config channel channel:#news    /config reset    then: press Reset settings
  press <label>   press a button on the bot's last message
  messages        list the messages in #news
  help, quit
Options are name:value; a value runs to the next name: (quote it if it contains one).`;

const print = (text: string): void => void process.stdout.write(`${text}\n`);

function toPayload(message: { content?: unknown; embeds?: unknown; components?: unknown }): MessagePayload {
  return {
    content: typeof message.content === 'string' ? message.content : '',
    embeds: (Array.isArray(message.embeds) ? message.embeds : []) as Embed[],
    components: (Array.isArray(message.components) ? message.components : []) as ActionRow[],
    allowedMentions: { parse: [] },
  };
}

function buttonLabels(message: StoredMessage): Array<{ label: string; customId: string; disabled: boolean }> {
  return (message.components as unknown as ActionRow[]).flatMap((row) => row.components ?? []).map((b) => ({ label: b.label, customId: b.custom_id, disabled: b.disabled === true }));
}

async function main(): Promise<void> {
  const logLevel = (process.env.LOG_LEVEL?.trim() || 'warn') as BotConfig['logLevel'];
  const logger = createLogger(logLevel);
  const discord = await startFakeDiscord();
  const running: { app?: App } = {};
  try {
    await serve(discord, logger, logLevel, running);
  } finally {
    // Also after a failure: an open server or client would keep the process alive.
    await running.app?.stop();
    await discord.close();
  }
  print('Bye.');
}

/** Sets up the server and the bot, then runs the prompt until quit or end of input. */
async function serve(discord: FakeDiscord, logger: Logger, logLevel: BotConfig['logLevel'], running: { app?: App }): Promise<void> {
  const env = process.env;
  const guild = discord.addGuild({ name: 'Dev Server' });
  const news = discord.addChannel(guild.id, { name: 'news' });
  const admin = discord.addMember(guild.id, { username: 'admin', permissions: PermissionFlagsBits.ManageGuild });
  const config: BotConfig = {
    token: discord.token,
    applicationId: discord.applicationId,
    guildId: guild.id,
    apiBase: discord.apiBase,
    articlesDir: env.ARTICLES_DIR?.trim() || './articles',
    databasePath: env.DATABASE_PATH?.trim() || './data/dev-local.sqlite',
    logLevel,
    scheduleMinIntervalMinutes: 5,
  };
  const rest = createRest(config);
  const deployed = await deployCommands(rest, config, commands);
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  const app = await createApp(config, { logger });
  running.app = app;
  await app.start();
  print(`Local Discord at ${discord.apiBase}. Server "Dev Server", channel #news, you are @admin (Manage Server).`);
  print(`Registered ${deployed.names.map((name) => `/${name}`).join(', ')}. Articles: ${app.deps.library.size} from ${config.articlesDir}. Type help.`);

  // Channel and role mentions written the way Discord shows them.
  const readable = (text: string): string =>
    text
      .replace(/<#(\d+)>/g, (_match, id: string) => `#${discord.state.channel(id)?.name ?? id}`)
      .replace(/<@&(\d+)>/g, (_match, id: string) => `@${discord.state.guild(guild.id)?.roles.get(id)?.name ?? id}`);
  const render = (message: StoredMessage): string => readable(renderText(toPayload(message)));

  let lastMessageId: string | undefined;
  const show = (answer: InteractionSnapshot): void => {
    const messages = [answer.message, ...answer.followups].filter((m): m is StoredMessage => m !== null && !m.deleted);
    if (messages.length === 0) print('(no message)');
    for (const message of messages) {
      print(`[#news${message.ephemeral ? ', only you can see this' : ''}${message.editedAt ? ', edited' : ''}]`);
      print(render(message));
      lastMessageId = message.id;
    }
  };

  const run = async (action: DevAction): Promise<boolean> => {
    switch (action.kind) {
      case 'empty':
        return true;
      case 'help':
        print(HELP);
        return true;
      case 'quit':
        return false;
      case 'error':
        print(action.message);
        return true;
      case 'messages': {
        const list = discord.messages(news.id);
        if (list.length === 0) print('#news is empty.');
        for (const message of list) {
          const lines = render(message).split('\n');
          print(`--- ${message.id} ${new Date(message.createdAt).toISOString().slice(11, 19)}\n${lines.slice(0, 4).join('\n')}${lines.length > 4 ? '\n…' : ''}`);
        }
        return true;
      }
      case 'press': {
        const ids = [lastMessageId, ...discord.messages(news.id).map((m) => m.id).reverse()].filter((id): id is string => id !== undefined);
        const wanted = action.label.toLowerCase();
        for (const id of ids) {
          const message = discord.message(id);
          const button = message && !message.deleted ? buttonLabels(message).find((b) => b.label.toLowerCase() === wanted) : undefined;
          if (!message || !button) continue;
          if (button.disabled) {
            print(`"${button.label}" is disabled on that message.`);
            return true;
          }
          const result = await discord.pressButton({ guildId: guild.id, channelId: message.channelId, userId: admin.id, messageId: id, customId: button.customId });
          show(await result.final({ timeoutMs: 15_000 }));
          return true;
        }
        print(`No message with a "${action.label}" button.`);
        return true;
      }
      case 'command': {
        const command = commands.find((c) => c.data.name === action.command);
        const options = command
          ? coerceOptions(command.data, action.subcommand, action.options, {
              channel: (name) => (discord.state.channel(name) ? name : [...discord.state.channels.values()].find((c) => !c.deleted && c.guildId === guild.id && c.name === name)?.id),
              role: (name) => [...(discord.state.guild(guild.id)?.roles.values() ?? [])].find((r) => r.id === name || r.name === name)?.id,
            })
          : action.options;
        const result = await discord.invokeCommand({ guildId: guild.id, channelId: news.id, userId: admin.id, command: action.command, ...(action.subcommand ? { subcommand: action.subcommand } : {}), options });
        show(await result.final({ timeoutMs: 15_000 }));
        return true;
      }
    }
  };

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ', terminal: process.stdin.isTTY === true });
  rl.on('SIGINT', () => rl.close());
  rl.prompt();
  for await (const line of rl) {
    let keepGoing = true;
    try {
      keepGoing = await run(parseLine(line));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      print(error instanceof InvocationError ? `Discord would refuse that: ${message.replace(/^fake-discord: /, '')}` : message);
    }
    if (!keepGoing) break;
    rl.prompt();
  }
  rl.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`dev:local failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
