// Times /news summary and /news search end to end inside the bot: a fake interaction goes through the
// real router, command module and news service over the catalog, with Deps built as the app builds them
// (assembleDeps), on the bench's catalog database.
import { buttons, commands } from '../../commands/index.js';
import { assembleDeps } from '../../src/assemble.js';
import type { Deps } from '../../src/deps.js';
import { createRouter } from '../../src/discord/router.js';
import { createSafeHttp } from '../../src/feeds/safe-http.js';
import { silentLogger } from '../../src/logger.js';
import type { Database } from '../../src/store/database.js';
import { DEFAULT_SETTINGS, styleOf } from '../../src/store/guild-settings.js';
import { sqliteStores } from '../../src/store/open-stores.js';
import { EVERYWHERE } from '../../src/store/catalog/types.js';
import { manualClock, recordingPoster, recordingPublisher } from '../../tests/helpers/deps.js';
import { fakeInteraction } from '../../tests/helpers/fake-interaction.js';
import { sampleEachAsync, sampleEachAsyncWithCpu, summarizeSamples, type Summary } from './measure.js';

/** The bot's Deps on an open catalog database. */
export function benchDeps(db: Database): Deps {
  const clock = manualClock();
  return assembleDeps({
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'silent', scheduleMinIntervalMinutes: 5 },
    logger: silentLogger(),
    clock,
    stores: sqliteStores(db, silentLogger(), clock),
    poster: recordingPoster(clock),
    openPublisher: () => recordingPublisher(),
    noticeChannel: () => undefined,
    // No feed is fetched here; the client is only part of the Deps.
    feedHttp: createSafeHttp(),
  });
}

export interface HandlerFigures {
  summary: Summary;
  search: Summary;
  /** CPU time of the same interactions (the work, without waiting for a CPU). */
  summaryCpu: Summary;
  searchCpu: Summary;
  /** The same work called on the service directly: what the router and command module add on top. */
  serviceSummary: Summary;
  serviceSearch: Summary;
  /** Interactions answered with something other than a result embed (should be 0). */
  failures: number;
}

/**
 * `ids` are distinct articles, each timed on its first call (its summary is computed and stored then);
 * `forgetSummaries` empties the store again before the service-only pass. `warmIds` must not overlap.
 */
export async function measureHandlers(
  db: Database,
  ids: readonly string[],
  warmIds: readonly string[],
  queries: readonly string[],
  forgetSummaries: () => void,
): Promise<HandlerFigures> {
  const deps = benchDeps(db);
  const { news } = deps;
  const router = createRouter(deps, commands, buttons);
  // A catalog kept from an earlier run may hold these summaries already.
  forgetSummaries();
  let failures = 0;
  // Built outside the timed call, as discord.js builds the interaction before the bot sees it.
  const summaryCalls = (list: readonly string[]) => list.map((article) => fakeInteraction({ subcommand: 'summary', options: { article } }));
  const searchCalls = (list: readonly string[]) => list.map((query) => fakeInteraction({ subcommand: 'search', options: { query } }));
  const timeCalls = async (calls: ReturnType<typeof summaryCalls>) =>
    sampleEachAsyncWithCpu(calls, async ({ interaction, answers }) => {
      await router.handle(interaction);
      const reply = answers[0];
      if (answers.length !== 1 || reply?.kind !== 'reply' || !(reply.options.embeds?.length > 0)) failures++;
    });
  await timeCalls([...summaryCalls(warmIds), ...searchCalls(queries.slice(0, 5))]);
  const summary = await timeCalls(summaryCalls(ids));
  const search = await timeCalls(searchCalls(queries));

  forgetSummaries();
  const style = styleOf({ ...DEFAULT_SETTINGS });
  const serviceSummary = await sampleEachAsync(ids, async (id) => news.summary(id, style.summarySentences, style, EVERYWHERE));
  const serviceSearch = await sampleEachAsync(queries, async (query) => news.search(query, style, EVERYWHERE));
  return {
    summary: summarizeSamples(summary.wall),
    search: summarizeSamples(search.wall),
    summaryCpu: summarizeSamples(summary.cpu),
    searchCpu: summarizeSamples(search.cpu),
    serviceSummary: summarizeSamples(serviceSummary),
    serviceSearch: summarizeSamples(serviceSearch),
    failures,
  };
}
