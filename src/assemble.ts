// Puts the bot's parts together into Deps. The app, the tests and the bench all call this, so they
// run the same services and stores; each only brings its own library, settings store, poster and clock.
import type { BaseConfig } from './config.js';
import type { ArticleLibrary } from './core/library.js';
import type { Clock, Deps } from './deps.js';
import type { ChannelPoster } from './discord/poster.js';
import type { Logger } from './logger.js';
import { type NoticeChannelFinder, ScheduleRunner } from './scheduler/runner.js';
import { Scheduler } from './scheduler/scheduler.js';
import { NewsService } from './services/news.js';
import type { Database } from './store/database.js';
import type { GuildSettingsStore } from './store/guild-settings.js';
import { SqliteDeliveries } from './store/sqlite-deliveries.js';
import { SqliteSchedules } from './store/sqlite-schedules.js';
import { SqliteDeliveryLog } from './store/sqlite-delivery-log.js';
import { SqliteFirstSeen } from './store/sqlite-first-seen.js';
import type { SendFailure } from './discord/send-failure.js';
import { Metrics } from './ops/metrics.js';

export interface Parts {
  config: BaseConfig;
  logger: Logger;
  clock: Clock;
  library: ArticleLibrary;
  db: Database;
  settings: GuildSettingsStore;
  poster: ChannelPoster;
  noticeChannel: NoticeChannelFinder;
  /** Jitter for retry delays (tests pass a fixed one). */
  random?: () => number;
  /** Discord rejected the token while posting; the app stops and exits. */
  onTokenRejected?: (failure: SendFailure) => void;
  metrics?: Metrics;
}

export function assembleDeps({ config, logger, clock, library, db, settings, poster, noticeChannel, random, onTokenRejected, metrics = new Metrics() }: Parts): Deps {
  const news = new NewsService(library);
  const schedules = new SqliteSchedules(db, logger);
  const deliveries = new SqliteDeliveries(db);
  const log = new SqliteDeliveryLog(db);
  const firstSeen = new SqliteFirstSeen(db);
  const runner = new ScheduleRunner({ schedules, deliveries, log, settings, news, poster, clock, logger, noticeChannel, metrics, ...(random ? { random } : {}) });
  const scheduler = new Scheduler(runner, schedules, library, clock, logger, { metrics, ...(random ? { random } : {}), ...(onTokenRejected ? { onTokenRejected } : {}) });
  return { config, logger, clock, library, news, settings, poster, schedules, deliveries, log, firstSeen, runner, scheduler, metrics };
}
