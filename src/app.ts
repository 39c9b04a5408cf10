// Builds the whole bot from its configuration: the article catalog and its folder source, the
// stores, the Discord client and the router. main.ts starts it; end-to-end tests start the same thing
// with a temp folder, a fake clock and a local Discord-compatible server.
import { type Client, PermissionFlagsBits, REST, RESTEvents, Status } from 'discord.js';
import { buttons, commands } from '../commands/index.js';
import type { BotConfig } from './config.js';
import { assembleDeps } from './assemble.js';
import { type Clock, type Deps, systemClock } from './deps.js';
import { attachRouter, createDiscordClient, shardIdsOf } from './discord/client.js';
import { type HealthProbe, type HealthServer, problemsOf, startHealthServer } from './ops/health.js';
import { Metrics } from './ops/metrics.js';
import { instanceId, shareTheToken, type TokenShare } from './ops/instance.js';
import { createPacer, pacedRest } from './discord/pacer.js';
import { createRouter } from './discord/router.js';
import type { Logger } from './logger.js';
import type { FolderChange } from './store/folder/folder-sync.js';
import { type FolderSource, startFolderSource } from './store/folder/folder-watch.js';
import { requireConfiguredFolder } from './store/folder/missing-folder.js';
import { ModelSummaries } from './summaries/model-summaries.js';
import { openStores } from './store/open-stores.js';
import { createPublisher, PUBLISH_REST_OPTIONS } from './discord/publisher.js';
import { createTargetPoster } from './discord/targets-rest.js';
import { defaultWebhookName, WebhookKeeper } from './discord/webhooks.js';
import { noticeChannelFinder } from './discord/notice-channel.js';
import { historyReader, permissionChecker } from './discord/permissions.js';
import { createSafeHttp, type SafeHttpOptions } from './feeds/safe-http.js';

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
  /** Names this process on the leases it takes (default: host, pid and a random tag). */
  owner?: string;
  /** Run the feed poller's timer (default true). Tests turn it off and call deps.feedPoller.pass(). */
  startFeedPoller?: boolean;
  /** Options for the feeds' HTTP client on top of the configuration's (tests shorten the per-host interval). */
  feedHttp?: SafeHttpOptions;
}

export interface App {
  client: Client;
  deps: Deps;
  /** Settles when the articles folder has been synced into the catalog once (after start). */
  synced(): Promise<void>;
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
  // Opened first: a locked, corrupt or unreachable database should stop start-up before anything else.
  await requireConfiguredFolder(config.articlesDir, config.articlesDirSet);
  const stores = await openStores(config, { logger, clock });
  const model = config.summaryModel ? new ModelSummaries({ config: config.summaryModel, cache: stores.summaries, logger, clock }) : undefined;

  let tokenRejected = false;
  const rejectToken = (): void => {
    if (tokenRejected) return;
    tokenRejected = true;
    logger.fatal('Discord no longer accepts the bot token (401 Unauthorized): posting has stopped everywhere. Set a new DISCORD_TOKEN and start the bot again.');
    void deps.scheduler.stop();
    options.onTokenRejected?.();
  };

  const client = createDiscordClient(config.apiBase, config.shards);
  const owner = options.owner ?? instanceId();
  const pacer = createPacer();
  const metrics = new Metrics({ shards: (config.shards?.ids ?? shardIdsOf(client)).join(',') || '0' });
  client.rest.on(RESTEvents.RateLimited, () => metrics.rateLimits.inc());
  // Any request made with the bot's token that comes back 401 means the token was reset or revoked.
  // (Before the first login succeeds, a wrong token is reported by start() instead.)
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 401 && request.data.auth !== false && client.isReady()) rejectToken();
  });
  const botUserId = (): string | undefined => client.user?.id;
  // Every request with the bot's token waits for this process's share of Discord's global limit.
  const rest = pacedRest(client.rest, pacer);
  // Feeds are fetched through the one client that refuses private addresses (unless configured for local testing).
  const feedHttp = createSafeHttp({ allowPrivateHosts: config.feedAllowPrivateHosts ?? false, now: () => clock.now().getTime(), ...options.feedHttp });
  const webhooks = new WebhookKeeper(rest, stores.webhooks, { botUserId, webhookName: () => defaultWebhookName(client.user?.username), now: () => clock.now() });
  const deps = assembleDeps({
    config,
    logger,
    clock,
    stores,
    ...(model ? { model } : {}),
    owner,
    poster: createTargetPoster(rest, { botUserId, canReadHistory: historyReader(client), canManageThreads: (id) => permissionChecker(client)(id, PermissionFlagsBits.ManageThreads) }, webhooks),
    // Each pass of the publish queue gets its own REST: see discord/publisher.ts.
    openPublisher: () => createPublisher(pacedRest(new REST({ ...PUBLISH_REST_OPTIONS, ...(config.apiBase ? { api: config.apiBase } : {}) }).setToken(config.token), pacer)),
    noticeChannel: noticeChannelFinder(client),
    onTokenRejected: rejectToken,
    metrics,
    ...(options.random ? { random: options.random } : {}),
    feedHttp,
  });
  const { scheduler, feedPoller } = deps;
  metrics.readDatabaseFrom({ pendingClaims: () => deps.deliveries.countPending(), pausedSchedules: () => deps.schedules.countPaused() });
  const router = createRouter(deps, commands, buttons);
  attachRouter(client, router, logger);
  const probe: HealthProbe = {
    health: async () => problemsOf({
      gateway: async () => gatewayProblem(client),
      database: async () => {
        await stores.ping();
        return undefined;
      },
    }),
    metricsJson: () => metrics.registry.getMetricsAsJSON(),
  };
  // `npm run start:sharded` asks each shard process through the client (broadcastEval).
  Object.assign(client, { newsBot: probe });

  let folder: FolderSource | undefined;
  let health: HealthServer | undefined;
  let share: TokenShare | undefined;
  // Interaction ids are kept a day (Discord gives up on an interaction after 15 minutes).
  const pruneInteractions = (): void =>
    void stores.interactions.prune(new Date(clock.now().getTime() - 86_400_000)).catch((error: unknown) => logger.warn({ err: error }, 'could not prune handled interactions'));
  const pruning = setInterval(pruneInteractions, 3_600_000);
  pruning.unref();
  return {
    client,
    deps,
    async synced() {
      await folder?.synced;
    },
    async start() {
      if (config.healthPort !== undefined) {
        health = await startHealthServer(config.healthPort, { checks: () => probe.health(), metrics: () => metrics.text() });
        logger.info({ port: health.port }, 'serving /healthz and /metrics');
      }
      pruneInteractions();
      share = await shareTheToken(stores.instances, owner, pacer, logger, () => clock.now());
      // The catalog answers at once; the folder is brought up to date in the background.
      folder = startFolderSource({ dir: config.articlesDir, logger, catalog: stores.catalog, clock, ...(options.onArticleChange ? { onChange: options.onArticleChange } : {}) });
      deps.news.followImport(folder.synced);
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(config.token);
      await ready;
      // Wait until the other processes have counted this one in, so their shares and this one's add up.
      await share.settled();
      // Started once connected, so runs missed while the bot was down go out right away, once each.
      if (options.startScheduler !== false) scheduler.start();
      if (options.startFeedPoller !== false) feedPoller.start();
    },
    async stop() {
      const grace = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
      const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), grace).unref());
      const work = Promise.all([scheduler.stop(), feedPoller.stop()]).then(() => 'done' as const);
      const [handlers, runs] = await Promise.all([router.close(grace), Promise.race([work, deadline])]);
      if (!handlers || runs === 'late') logger.warn({ handlersDone: handlers, runsDone: runs === 'done' }, `shutting down after ${grace} ms with work still running; unconfirmed posts stay pending and are checked at the next start`);
      await folder?.close();
      await feedHttp.close();
      model?.close();
      clearInterval(pruning);
      await share?.stop();
      await health?.close();
      await client.destroy();
      await stores.close();
    },
  };
}

/** Why the gateway is not ready (every shard this process runs must be), or undefined when it is. */
function gatewayProblem(client: Client): string | undefined {
  if (!client.isReady()) return 'not connected to the Discord gateway yet';
  const down = [...client.ws.shards.values()].filter((shard) => shard.status !== Status.Ready).map((shard) => shard.id);
  return down.length ? `shard${down.length > 1 ? 's' : ''} ${down.join(', ')} not connected` : undefined;
}
