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
import type { Database } from './store/database.js';
import type { GuildSettingsStore } from './store/guild-settings.js';
import { SqliteDeliveries } from './store/sqlite-deliveries.js';
import { SqliteSchedules } from './store/sqlite-schedules.js';
import { SqliteDeliveryLog } from './store/sqlite-delivery-log.js';
import { SqliteFirstSeen } from './store/sqlite-first-seen.js';
import { SqlitePublishQueue } from './store/sqlite-publish-queue.js';
import type { SendFailure } from './discord/send-failure.js';

export interface Parts {
  config: BaseConfig;
  logger: Logger;
  clock: Clock;
  library: ArticleLibrary;
  db: Database;
  settings: GuildSettingsStore;
  poster: TargetPoster;
  /** A publisher for one pass of the publish queue (tests pass a recording one). */
  openPublisher: () => Publisher;
  noticeChannel: NoticeChannelFinder;
  /** Jitter for retry delays (tests pass a fixed one). */
  random?: () => number;
  /** Discord rejected the token while posting; the app stops and exits. */
  onTokenRejected?: (failure: SendFailure) => void;
}

export function assembleDeps({ config, logger, clock, library, db, settings, poster, openPublisher, noticeChannel, random, onTokenRejected }: Parts): Deps {
  const news = new NewsService(library);
  const schedules = new SqliteSchedules(db, logger);
  const deliveries = new SqliteDeliveries(db);
  const log = new SqliteDeliveryLog(db);
  const firstSeen = new SqliteFirstSeen(db);
  const publishes = new SqlitePublishQueue(db);
  const steps = new DeliverySteps({ deliveries, publishes, poster, clock });
  const jitter = random ? { random } : {};
  const runner = new ScheduleRunner({ schedules, deliveries, log, settings, news, poster, steps, clock, logger, noticeChannel, ...jitter });
  const publishing = new PublishDrain({ queue: publishes, openPublisher, clock, logger, ...jitter });
  const scheduler = new Scheduler(runner, schedules, library, clock, logger, { ...jitter, publishing, ...(onTokenRejected ? { onTokenRejected } : {}) });
  return { config, logger, clock, library, news, settings, poster, schedules, deliveries, log, publishes, steps, firstSeen, runner, scheduler };
}
