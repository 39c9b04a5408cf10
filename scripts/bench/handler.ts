// Times /news summary and /news search end to end inside the bot: a fake interaction goes through the
// real router and command module, with Deps built as tests/helpers/deps.ts builds them, except that the
// news service is the catalog-backed stand-in (catalog-news.ts) the app will switch to.
import { buttons, commands } from '../../commands/index.js';
import { assembleDeps } from '../../src/assemble.js';
import { ArticleLibrary } from '../../src/core/library.js';
import type { Deps } from '../../src/deps.js';
import { createRouter } from '../../src/discord/router.js';
import { silentLogger } from '../../src/logger.js';
import type { NewsService } from '../../src/services/news.js';
import { openDatabase } from '../../src/store/database.js';
import type { Command } from '../../src/discord/command.js';
import { DEFAULT_SETTINGS, settingsFor, styleOf } from '../../src/store/guild-settings.js';
import { sqliteStores } from '../../src/store/open-stores.js';
import { manualClock, recordingPoster, recordingPublisher } from '../../tests/helpers/deps.js';
import { fakeInteraction } from '../../tests/helpers/fake-interaction.js';
import type { CatalogNews } from './catalog-news.js';
import { sampleEachAsync, sampleEachAsyncWithCpu, summarizeSamples, type Summary } from './measure.js';

export function benchDeps(news: CatalogNews): Deps {
  const clock = manualClock();
  const deps = assembleDeps({
    config: { articlesDir: './articles', databasePath: ':memory:', logLevel: 'silent', scheduleMinIntervalMinutes: 5 },
    logger: silentLogger(),
    clock,
    library: new ArticleLibrary(),
    stores: sqliteStores(openDatabase(':memory:'), silentLogger(), clock),
    poster: recordingPoster(clock),
    openPublisher: () => recordingPublisher(),
    noticeChannel: () => undefined,
  });
  // The commands return whatever the service returns and the router awaits it, so async methods fit.
  return { ...deps, news: news as unknown as NewsService };
}

/**
 * The news command spreads the service's search answer into its reply (adding who may see it), which a
 * promise does not survive. Until the command awaits it (part of the switch-over), the catalog's answer
 * is resolved just before the real command module runs, inside the timed call.
 */
function withResolvedSearch(list: readonly Command[]): Command[] {
  return list.map((command) =>
    command.data.name !== 'news'
      ? command
      : {
          ...command,
          async execute(interaction, deps) {
            if (interaction.options.getSubcommand() !== 'search') return command.execute(interaction, deps);
            const style = styleOf(await settingsFor(deps.settings, interaction.guildId));
            const payload = await (deps.news as unknown as CatalogNews).search(interaction.options.getString('query', true), style);
            const news = Object.assign(Object.create(deps.news) as NewsService, { search: () => payload });
            return command.execute(interaction, { ...deps, news });
          },
        },
  );
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
  news: CatalogNews,
  ids: readonly string[],
  warmIds: readonly string[],
  queries: readonly string[],
  forgetSummaries: () => void,
): Promise<HandlerFigures> {
  const router = createRouter(benchDeps(news), withResolvedSearch(commands), buttons);
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
  const serviceSummary = await sampleEachAsync(ids, async (id) => news.summary(id, style.summarySentences, style));
  const serviceSearch = await sampleEachAsync(queries, async (query) => news.search(query, style));
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
