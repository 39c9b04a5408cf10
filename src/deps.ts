// Everything a handler may use, built once in main.ts (or by a test) and passed down. No module keeps
// its own client, database or clock.
import type { BaseConfig } from './config.js';
import type { Logger } from './logger.js';
import type { NewsService } from './services/news.js';
import type { GuildSettingsStore } from './store/guild-settings.js';
import type { TargetPoster } from './discord/targets.js';
import type { DeliverySteps } from './scheduler/deliver.js';
import type { ScheduleRunner } from './scheduler/runner.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { Metrics } from './ops/metrics.js';
import type { InteractionsStore } from './store/interactions.js';
import type { DeliveriesStore, DeliveryLog, PublishQueueStore, SchedulesStore } from './scheduler/types.js';
import type { ArticleCatalog } from './store/catalog/types.js';
import type { FeedService } from './services/feeds.js';
import type { FeedPoller } from './feeds/poller.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Deps {
  config: BaseConfig;
  logger: Logger;
  clock: Clock;
  /** Every article the bot knows, searched in the database. */
  catalog: ArticleCatalog;
  news: NewsService;
  settings: GuildSettingsStore;
  poster: TargetPoster;
  schedules: SchedulesStore;
  deliveries: DeliveriesStore;
  log: DeliveryLog;
  publishes: PublishQueueStore;
  /** The steps of one delivery to any target, for /news post as for schedules. */
  steps: DeliverySteps;
  interactions: InteractionsStore;
  runner: ScheduleRunner;
  scheduler: Scheduler;
  metrics: Metrics;
  /** Feeds: adding, listing, removing, previewing (the /feed commands and the CLI). */
  feeds: FeedService;
  /** Fetches due feeds into the catalog; started by the app once the client is ready. */
  feedPoller: FeedPoller;
}
