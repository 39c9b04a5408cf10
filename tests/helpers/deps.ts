// Builds the same Deps the bot uses, from in-memory parts, for handler tests.
import type { Article } from '../../src/core/article.js';
import { ArticleLibrary } from '../../src/core/library.js';
import type { MessagePayload } from '../../src/core/payload.js';
import type { Deps } from '../../src/deps.js';
import type { ChannelPoster, SendOptions } from '../../src/discord/poster.js';
import { NewsService } from '../../src/services/news.js';
import { MemoryGuildSettings } from '../../src/store/guild-settings.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { SqliteDeliveries } from '../../src/store/sqlite-deliveries.js';
import { ScheduleRunner } from '../../src/scheduler/runner.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { captureLogger } from './logger.js';

export interface SentMessage {
  channelId: string;
  payload: MessagePayload;
  options: SendOptions | undefined;
}

export function recordingPoster(): ChannelPoster & { sent: SentMessage[]; failWith?: unknown } {
  const poster = {
    sent: [] as SentMessage[],
    failWith: undefined as unknown,
    async findRecent(channelId: string, articleId: string) {
      const found = poster.sent.findIndex((m) => m.channelId === channelId && m.payload.embeds[0]?.footer?.text?.startsWith(`${articleId} · `));
      return found === -1 ? undefined : String(1_000_000_000_000_000_001n + BigInt(found));
    },
    async send(channelId: string, payload: MessagePayload, options?: SendOptions) {
      if (poster.failWith) throw poster.failWith;
      poster.sent.push({ channelId, payload, options });
      return { id: String(1_000_000_000_000_000_000n + BigInt(poster.sent.length)) };
    },
  };
  return poster;
}

export function testDeps(articles: Article[] = [], now = new Date('2026-11-01T12:00:00Z')) {
  const { logger, lines } = captureLogger();
  const library = new ArticleLibrary(articles);
  const poster = recordingPoster();
  const clock = { now: () => now };
  const news = new NewsService(library);
  const settings = new MemoryGuildSettings();
  const db = openDatabase(':memory:');
  const schedules = new SqliteSchedules(db, logger);
  const deliveries = new SqliteDeliveries(db);
  const noticeChannel = () => undefined;
  const runner = new ScheduleRunner({ schedules, deliveries, settings, news, poster, clock, logger, noticeChannel });
  const deps: Deps = {
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'debug', scheduleMinIntervalMinutes: 5 },
    logger,
    clock,
    library,
    news,
    settings,
    poster,
    schedules,
    deliveries,
    runner,
    scheduler: new Scheduler(runner, schedules, library, clock, logger),
  };
  return { deps, poster, logs: lines, db };
}
