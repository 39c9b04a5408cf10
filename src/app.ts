// Builds the whole bot from its configuration: the article library and its folder watcher, the
// stores, the Discord client and the router. main.ts starts it; end-to-end tests start the same thing
// with a temp folder, a fake clock and a local Discord-compatible server.
import type { Client } from 'discord.js';
import { buttons, commands } from '../commands/index.js';
import type { BotConfig } from './config.js';
import { ArticleLibrary } from './core/library.js';
import { assembleDeps } from './assemble.js';
import { type Clock, type Deps, systemClock } from './deps.js';
import { attachRouter, createDiscordClient } from './discord/client.js';
import { createRestPoster } from './discord/poster.js';
import { createRouter } from './discord/router.js';
import type { Logger } from './logger.js';
import { type FolderChange, loadArticleFolder, watchArticleFolder, type FolderWatcher } from './store/article-folder.js';
import { openDatabase } from './store/database.js';
import { SqliteGuildSettings } from './store/sqlite-guild-settings.js';
import { noticeChannelFinder } from './discord/notice-channel.js';

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Called for each change picked up from the articles folder (tests wait on it). */
  onArticleChange?: (change: FolderChange) => void;
  /** Run the scheduler's timer (default true). Tests turn it off and call deps.scheduler.tick(). */
  startScheduler?: boolean;
}

export interface App {
  client: Client;
  deps: Deps;
  /** Logs in and resolves when the gateway session is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createApp(config: BotConfig, options: AppOptions): Promise<App> {
  const { logger, clock = systemClock } = options;
  const folder = { dir: config.articlesDir, logger };
  // Opened first: a locked or corrupt database should stop start-up before anything else happens.
  const db = openDatabase(config.databasePath);
  const started = performance.now();
  const library = new ArticleLibrary(await loadArticleFolder(folder, true));
  logger.info({ articles: library.size, dir: config.articlesDir, ms: Math.round(performance.now() - started) }, 'articles loaded');

  const client = createDiscordClient(config.apiBase);
  const deps = assembleDeps({
    config,
    logger,
    clock,
    library,
    db,
    settings: new SqliteGuildSettings(db, logger, clock),
    poster: createRestPoster(client.rest, () => client.user?.id),
    noticeChannel: noticeChannelFinder(client),
  });
  const { scheduler } = deps;
  attachRouter(client, createRouter(deps, commands, buttons), logger);

  let watcher: FolderWatcher | undefined;
  return {
    client,
    deps,
    async start() {
      watcher = watchArticleFolder(library, folder, options.onArticleChange ? { onChange: options.onArticleChange } : {});
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(config.token);
      await ready;
      // Started once connected, so runs missed while the bot was down go out right away, once each.
      if (options.startScheduler !== false) scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      watcher?.close();
      await client.destroy();
      db.close();
    },
  };
}
