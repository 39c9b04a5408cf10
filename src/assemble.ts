// Puts the bot's parts together into Deps. The app, the tests and the bench all call this, so they
// run the same services and stores; each only brings its own library, settings store, poster and clock.
import type { BaseConfig } from './config.js';
import type { ArticleLibrary } from './core/library.js';
import type { Clock, Deps } from './deps.js';
import type { Publisher, TargetPoster } from './discord/targets.js';
import type { Logger } from './logger.js';
import { DeliverySteps } from './scheduler/deliver.js';
import { PublishDrain } from './scheduler/publish-queue.js';
import { type NoticeChannelFinder, ScheduleRunner } from './scheduler/runner.js';
import { Scheduler } from './scheduler/scheduler.js';
import { NewsService } from './services/news.js';
import type { AppStores } from './store/open-stores.js';
import { instanceId } from './ops/instance.js';
import type { SendFailure } from './discord/send-failure.js';
import { Metrics } from './ops/metrics.js';

export interface Parts {
  config: BaseConfig;
  logger: Logger;
  clock: Clock;
  library: ArticleLibrary;
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
}

export function assembleDeps({ config, logger, clock, library, stores, poster, openPublisher, noticeChannel, owner = instanceId(), random, onTokenRejected, metrics = new Metrics() }: Parts): Deps {
  const news = new NewsService(library);
  const { schedules, deliveries, log, firstSeen, settings, interactions, publishes } = stores;
  const steps = new DeliverySteps({ deliveries, publishes, poster, clock });
  const jitter = random ? { random } : {};
  const runner = new ScheduleRunner({ schedules, deliveries, log, settings, news, poster, steps, clock, logger, noticeChannel, metrics, owner, ...jitter });
  const publishing = new PublishDrain({ queue: publishes, openPublisher, clock, logger, ...jitter });
  const scheduler = new Scheduler(runner, schedules, library, clock, logger, { metrics, owner, ...jitter, publishing, ...(onTokenRejected ? { onTokenRejected } : {}) });
  return { config, logger, clock, library, news, settings, poster, schedules, deliveries, log, publishes, steps, firstSeen, interactions, runner, scheduler, metrics };
}
