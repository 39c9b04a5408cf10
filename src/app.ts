// Builds the whole bot from its configuration: the article library and its folder watcher, the
// stores, the Discord client and the router. main.ts starts it; end-to-end tests start the same thing
// with a temp folder, a fake clock and a local Discord-compatible server.
import { type Client, PermissionFlagsBits, REST, RESTEvents } from 'discord.js';
import { buttons, commands } from '../commands/index.js';
import type { BotConfig } from './config.js';
import { ArticleLibrary } from './core/library.js';
import { assembleDeps } from './assemble.js';
import { type Clock, type Deps, systemClock } from './deps.js';
import { attachRouter, createDiscordClient } from './discord/client.js';
import { createPublisher, PUBLISH_REST_OPTIONS } from './discord/publisher.js';
import { createTargetPoster } from './discord/targets-rest.js';
import { defaultWebhookName, WebhookKeeper } from './discord/webhooks.js';
import { createRouter } from './discord/router.js';
import type { Logger } from './logger.js';
import { admitWithFirstSeen, type FolderChange, loadArticleFolder, watchArticleFolder, type FolderWatcher } from './store/article-folder.js';
import { openDatabase } from './store/database.js';
import { SqliteFirstSeen } from './store/sqlite-first-seen.js';
import { SqliteGuildSettings } from './store/sqlite-guild-settings.js';
import { SqliteWebhooks } from './store/sqlite-webhooks.js';
import { noticeChannelFinder } from './discord/notice-channel.js';
import { historyReader, permissionChecker } from './discord/permissions.js';

/** How long shutdown waits for interaction handlers and the send in flight. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Called for each change picked up from the articles folder (tests wait on it). */
  onArticleChange?: (change: FolderChange) => void;
  /** Run the scheduler's timer (default true). Tests turn it off and call deps.scheduler.tick(). */
  startScheduler?: boolean;
  /** Discord rejected the token: posting has stopped; the caller should stop the app and exit non-zero. */
  onTokenRejected?: () => void;
  /** Jitter for retry delays (tests pass a fixed one). */
  random?: () => number;
  shutdownGraceMs?: number;
}

export interface App {
  client: Client;
  deps: Deps;
  /** Logs in and resolves when the gateway session is ready. */
  start(): Promise<void>;
  /**
   * Takes no new interactions or runs, lets handlers and the send in flight finish (up to the grace
   * time; a send cut off keeps its claim pending), then closes the client and the database.
   */
  stop(): Promise<void>;
}

export async function createApp(config: BotConfig, options: AppOptions): Promise<App> {
  const { logger, clock = systemClock } = options;
  // Opened first: a locked or corrupt database should stop start-up before anything else happens.
  const db = openDatabase(config.databasePath);
  const firstSeen = new SqliteFirstSeen(db);
  const folder = { dir: config.articlesDir, logger, admit: admitWithFirstSeen((ids) => firstSeen.stamp(ids, clock.now())) };
  const started = performance.now();
  const library = new ArticleLibrary(await loadArticleFolder(folder, config.articlesDirSet ? 'fail' : 'create'));
  logger.info({ articles: library.size, dir: config.articlesDir, ms: Math.round(performance.now() - started) }, 'articles loaded');

  let tokenRejected = false;
  const rejectToken = (): void => {
    if (tokenRejected) return;
    tokenRejected = true;
    logger.fatal('Discord no longer accepts the bot token (401 Unauthorized): posting has stopped everywhere. Set a new DISCORD_TOKEN and start the bot again.');
    void deps.scheduler.stop();
    options.onTokenRejected?.();
  };

  const client = createDiscordClient(config.apiBase);
  // Any request made with the bot's token that comes back 401 means the token was reset or revoked.
  // (Before the first login succeeds, a wrong token is reported by start() instead.)
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 401 && request.data.auth !== false && client.isReady()) rejectToken();
  });
  const botUserId = (): string | undefined => client.user?.id;
  const webhooks = new WebhookKeeper(client.rest, new SqliteWebhooks(db), { botUserId, webhookName: () => defaultWebhookName(client.user?.username), now: () => clock.now() });
  const deps = assembleDeps({
    config,
    logger,
    clock,
    library,
    db,
    settings: new SqliteGuildSettings(db, logger, clock),
    poster: createTargetPoster(client.rest, { botUserId, canReadHistory: historyReader(client), canManageThreads: (id) => permissionChecker(client)(id, PermissionFlagsBits.ManageThreads) }, webhooks),
    // Each pass of the publish queue gets its own REST: see discord/publisher.ts.
    openPublisher: () => createPublisher(new REST({ ...PUBLISH_REST_OPTIONS, ...(config.apiBase ? { api: config.apiBase } : {}) }).setToken(config.token)),
    noticeChannel: noticeChannelFinder(client),
    onTokenRejected: rejectToken,
    ...(options.random ? { random: options.random } : {}),
  });
  const { scheduler } = deps;
  const router = createRouter(deps, commands, buttons);
  attachRouter(client, router, logger);

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
      const grace = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
      const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), grace).unref());
      const [handlers, runs] = await Promise.all([router.close(grace), Promise.race([scheduler.stop().then(() => 'done' as const), deadline])]);
      if (!handlers || runs === 'late') logger.warn({ handlersDone: handlers, runsDone: runs === 'done' }, `shutting down after ${grace} ms with work still running; unconfirmed posts stay pending and are checked at the next start`);
      watcher?.close();
      await client.destroy();
      db.close();
    },
  };
}
