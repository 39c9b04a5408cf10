// Puts the bot's parts together into Deps. The app, the tests and the bench all call this, so they
// run the same services and stores; each only brings its own stores, poster and clock.
import type { BaseConfig } from './config.js';
import type { Clock, Deps } from './deps.js';
import type { Publisher, TargetPoster } from './discord/targets.js';
import type { Logger } from './logger.js';
import { DeliverySteps } from './scheduler/deliver.js';
import { PublishDrain } from './scheduler/publish-queue.js';
import { ScheduleRunner } from './scheduler/runner.js';
import type { NoticeChannelFinder } from './discord/server-notice.js';
import { Scheduler } from './scheduler/scheduler.js';
import { NewsService } from './services/news.js';
import type { AppStores } from './store/open-stores.js';
import { instanceId } from './ops/instance.js';
import type { SendFailure } from './discord/send-failure.js';
import { Metrics } from './ops/metrics.js';
import type { ModelSummaries } from './summaries/model-summaries.js';
import type { SafeHttp } from './feeds/safe-http.js';
import { FeedImporter } from './feeds/feed-import.js';
import { FeedPoller } from './feeds/poller.js';
import { FeedService } from './services/feeds.js';
import { tellServer } from './discord/server-notice.js';
import type { Timers } from './timers.js';

export interface Parts {
  config: BaseConfig;
  logger: Logger;
  clock: Clock;
  /** Every store, open on either backend (see openStores). */
  stores: AppStores;
  poster: TargetPoster;
  /** A publisher for one pass of the publish queue (tests pass a recording one). */
  openPublisher: () => Publisher;
  noticeChannel: NoticeChannelFinder;
  /** Names this process on the schedule runs it leases (see ops/instance.ts). */
  owner?: string;
  /** Jitter for retry delays (tests pass a fixed one). */
  random?: () => number;
  /** Discord rejected the token while posting; the app stops and exits. */
  onTokenRejected?: (failure: SendFailure) => void;
  metrics?: Metrics;
  /** Model-written summaries, when a model is configured (see summaries/). */
  model?: ModelSummaries;
  /** The safe HTTP client feeds are fetched through (see feeds/safe-http.ts). */
  feedHttp: SafeHttp;
  /** For the feed poller's timer (tests pass manual ones). */
  timers?: Timers;
}

export function assembleDeps(parts: Parts): Deps {
  const { config, logger, clock, stores, poster, openPublisher, noticeChannel, owner = instanceId(), random, onTokenRejected, metrics = new Metrics(), model, feedHttp, timers } = parts;
  const { schedules, deliveries, log, settings, interactions, publishes, catalog, articleSummaries } = stores;
  const news = new NewsService(catalog, articleSummaries, model);
  const steps = new DeliverySteps({ deliveries, publishes, poster, clock });
  const jitter = random ? { random } : {};
  const runner = new ScheduleRunner({ schedules, deliveries, log, settings, news, catalog, poster, steps, clock, logger, noticeChannel, metrics, owner, ...jitter });
  const publishing = new PublishDrain({ queue: publishes, openPublisher, clock, logger, ...jitter });
  const scheduler = new Scheduler(runner, schedules, clock, logger, { metrics, owner, ...jitter, publishing, ...(onTokenRejected ? { onTokenRejected } : {}) });
  // A failing feed is announced where a paused schedule is.
  const notify = (guildId: string, text: string) => tellServer({ settings, noticeChannel, poster }, guildId, text);
  const importer = new FeedImporter({ feeds: stores.feeds, catalog, http: feedHttp, clock, logger, owner, notify, ...jitter });
  const feedPoller = new FeedPoller(importer, stores.feeds, clock, logger, { owner, ...jitter, ...(timers ? { timers } : {}) });
  const feeds = new FeedService({ feeds: stores.feeds, importer, http: feedHttp, clock, owner, poke: () => feedPoller.poke() });
  return { config, logger, clock, catalog, news, settings, poster, schedules, deliveries, log, publishes, steps, interactions, runner, scheduler, metrics, feeds, feedPoller };
}
