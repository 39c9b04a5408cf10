// Times /news summary and /news search end to end inside the bot: a fake interaction goes through the
// real router and command module, with Deps built as tests/helpers/deps.ts builds them but around the
// already loaded library (re-indexing it would only slow the bench down) and a silent logger.
import { buttons, commands } from '../../commands/index.js';
import { assembleDeps } from '../../src/assemble.js';
import type { ArticleLibrary } from '../../src/core/library.js';
import type { Deps } from '../../src/deps.js';
import { createRouter } from '../../src/discord/router.js';
import { silentLogger } from '../../src/logger.js';
import { NewsService } from '../../src/services/news.js';
import { openDatabase } from '../../src/store/database.js';
import { DEFAULT_SETTINGS, styleOf } from '../../src/store/guild-settings.js';
import { sqliteStores } from '../../src/store/open-stores.js';
import { manualClock, recordingPoster, recordingPublisher } from '../../tests/helpers/deps.js';
import { fakeInteraction } from '../../tests/helpers/fake-interaction.js';
import { sampleEachAsync, summarizeSamples, type Summary } from './measure.js';

export function benchDeps(library: ArticleLibrary): Deps {
  const clock = manualClock();
  return assembleDeps({
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'silent', scheduleMinIntervalMinutes: 5 },
    logger: silentLogger(),
    clock,
    library,
    stores: sqliteStores(openDatabase(':memory:'), silentLogger(), clock),
    poster: recordingPoster(clock),
    openPublisher: () => recordingPublisher(),
    noticeChannel: () => undefined,
  });
}

export interface HandlerFigures {
  summary: Summary;
  search: Summary;
  /** The same work called on NewsService directly: what the router and command module add on top. */
  serviceSummary: Summary;
  serviceSearch: Summary;
  /** Interactions answered with something other than a result embed (should be 0). */
  failures: number;
}

/**
 * `ids` are distinct articles: NewsService caches a summary per article, so each is timed on its first
 * call (the cost a user who asks for a new article pays). `warmIds` must not overlap `ids`.
 */
export async function measureHandlers(library: ArticleLibrary, ids: readonly string[], warmIds: readonly string[], queries: readonly string[]): Promise<HandlerFigures> {
  const router = createRouter(benchDeps(library), commands, buttons);
  let failures = 0;
  // Built outside the timed call, as discord.js builds the interaction before the bot sees it.
  const summaryCalls = (list: readonly string[]) => list.map((article) => fakeInteraction({ subcommand: 'summary', options: { article } }));
  const searchCalls = (list: readonly string[]) => list.map((query) => fakeInteraction({ subcommand: 'search', options: { query } }));
  const timeCalls = async (calls: ReturnType<typeof summaryCalls>): Promise<number[]> =>
    sampleEachAsync(calls, async ({ interaction, answers }) => {
      await router.handle(interaction);
      const reply = answers[0];
      if (answers.length !== 1 || reply?.kind !== 'reply' || !(reply.options.embeds?.length > 0)) failures++;
    });
  await timeCalls([...summaryCalls(warmIds), ...searchCalls(queries.slice(0, 5))]);
  const summary = await timeCalls(summaryCalls(ids));
  const search = await timeCalls(searchCalls(queries));

  // A fresh service, so its summary cache is as empty as the router's was.
  const service = new NewsService(library);
  const style = styleOf({ ...DEFAULT_SETTINGS });
  for (const id of warmIds) service.summary(id, style.summarySentences, style);
  const serviceSummary = await sampleEachAsync(ids, async (id) => service.summary(id, style.summarySentences, style));
  const serviceSearch = await sampleEachAsync(queries, async (query) => service.search(query, style));
  return {
    summary: summarizeSamples(summary),
    search: summarizeSamples(search),
    serviceSummary: summarizeSamples(serviceSummary),
    serviceSearch: summarizeSamples(serviceSearch),
    failures,
  };
}
