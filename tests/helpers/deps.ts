// Builds the same Deps the bot uses, from in-memory parts, for handler tests.
import type { Article } from '../../src/core/article.js';
import { ArticleLibrary } from '../../src/core/library.js';
import type { MessagePayload } from '../../src/core/payload.js';
import type { Deps } from '../../src/deps.js';
import type { ChannelPoster, SendOptions } from '../../src/discord/poster.js';
import { NewsService } from '../../src/services/news.js';
import { MemoryGuildSettings } from '../../src/store/guild-settings.js';
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
  const deps: Deps = {
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'debug', scheduleMinIntervalMinutes: 5 },
    logger,
    clock: { now: () => now },
    library,
    news: new NewsService(library),
    settings: new MemoryGuildSettings(),
    poster,
  };
  return { deps, poster, logs: lines };
}
