// What the sandbox says when it starts: where everything is, so nothing about it is a guess.
import { formatDiscordTime } from '../../src/cli/discord-time.js';
import type { BaseConfig } from '../../src/config.js';
import type { Sandbox } from './start.js';
import { SANDBOX_GUILD_NAME } from './world.js';
import { STORY_EVERY_MS } from './feed-server.js';

export function banner(sandbox: Sandbox, config: BaseConfig, logFile: string, webUrl: string, articles: number, sampleFeedUrl: string, now = new Date()): string {
  const { discord, world } = sandbox;
  const active = sandbox.schedules.filter((s) => !s.pausedReason).map((s) => s.retryAt ?? s.nextRunAt);
  const next = active.sort((a, b) => a.getTime() - b.getTime())[0];
  const when = !next ? '' : next <= now ? ', one due now' : `, next run ${formatDiscordTime(next, 'f')}`;
  const reading = config.logFormat === 'pretty' ? 'pretty lines' : `JSON lines; to read them: npx pino-pretty < ${logFile}`;
  return [
    `Sandbox server "${SANDBOX_GUILD_NAME}" on a local Discord (${discord.apiBase}); nothing reaches the real Discord.`,
    `Channels ${world.channels().map((c) => `#${c.name}`).join(', ')}; roles ${world.roles().map((r) => `@${r.name}`).join(', ')}; you are @admin (Manage Server).`,
    `Web page: ${webUrl}`,
    `Data: ${config.databasePath} (settings, schedules and what was posted; kept between runs).`,
    `Log: ${logFile} (${reading}).`,
    `Schedules: ${sandbox.schedules.length}${when}.`,
    `Sample feed: ${sampleFeedUrl} (a new story every ${STORY_EVERY_MS / 60_000} minutes); try /feed add url:${sampleFeedUrl}. Feeds may come from local addresses here only (FEED_ALLOW_PRIVATE_HOSTS).`,
    `Registered ${sandbox.commandNames.map((name) => `/${name}`).join(', ')}. Articles: ${articles} from ${config.articlesDir}. Type help.`,
  ].join('\n');
}
