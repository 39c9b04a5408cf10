// `npm run dev:local`: the whole bot against the local Discord-compatible server, with nothing to set
// up. The sandbox server keeps its ids, so its settings and schedules live on in its database between
// runs; the scheduler runs for real. A prompt and a local web page both send commands as its admin.
import { mkdir } from 'node:fs/promises';
import { ConfigError, loadEnvFile } from '../src/config.js';
import { parseLine } from './dev-local-parse.js';
import { announceChannelPosts } from './dev-local/announce.js';
import { banner } from './dev-local/banner.js';
import { openSandboxLog } from './dev-local/logging.js';
import { createPrompt } from './dev-local/prompt.js';
import { SandboxSession } from './dev-local/session.js';
import { sandboxSettings } from './dev-local/settings.js';
import { SandboxRefusal, startSandbox } from './dev-local/start.js';
import { messageText } from './dev-local/text.js';
import { startWebPage } from './dev-local/web/server.js';
import { startSampleFeedServer } from './dev-local/feed-server.js';

async function main(): Promise<number> {
  loadEnvFile();
  const settings = sandboxSettings(process.env, process.argv.slice(2));
  const { config } = settings;
  await mkdir(settings.dataDir, { recursive: true });
  const prompt = createPrompt(process.stdin, process.stdout);
  const log = openSandboxLog(config, settings.logFile, (line) => prompt.print(line));
  // Whatever was started is stopped in reverse order, also after a failure: an open server or client
  // would keep the process alive.
  const started: Array<() => Promise<void> | void> = [() => prompt.close(), () => log.close()];
  try {
    const feeds = await startSampleFeedServer();
    started.push(() => feeds.close());
    const sandbox = await startSandbox(config, log.logger, (discord, world) => {
      started.push(announceChannelPosts(discord, world, (line) => prompt.print(line)));
    });
    started.push(() => sandbox.close());
    const { discord, world } = sandbox;
    const web = await startWebPage(discord, world, new SandboxSession(discord, world, feeds.url), settings.port);
    started.push(() => web.close());

    // The articles folder is synced in the background; the count is the catalog's once it is.
    await sandbox.app.synced();
    prompt.print(banner(sandbox, config, settings.logFile, web.url, await sandbox.app.deps.catalog.count(), feeds.url));

    const session = new SandboxSession(discord, world, feeds.url);
    prompt.ready();
    for await (const line of prompt.lines()) {
      const outcome = await session.run(parseLine(line));
      if (outcome.quit) break;
      for (const text of outcome.notes) prompt.print(text);
      for (const message of outcome.answers) {
        const labels = [`#${world.channelName(message.channelId)}`, message.ephemeral ? 'only you can see this' : '', message.editedAt ? 'edited' : ''];
        prompt.print(`[${labels.filter(Boolean).join(', ')}]\n${messageText(message, world)}`);
      }
      prompt.ready();
    }
  } finally {
    for (const stop of started.reverse()) await stop();
  }
  process.stdout.write('Bye.\n');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof SandboxRefusal;
    process.stderr.write(`dev:local ${known ? 'did not start' : 'failed'}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
