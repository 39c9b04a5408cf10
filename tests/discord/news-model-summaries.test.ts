// Model-written summaries through the real router and command modules: /news summary defers while the
// model works and then edits its answer, a cached summary answers at once, any failure falls back to
// the extractive summary, and /news post and scheduled posts send the model's summary too.
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttons, commands } from '../../commands/index.js';
import { createRouter } from '../../src/discord/router.js';
import { addSchedule } from '../../src/services/schedules.js';
import { ModelSummaries } from '../../src/summaries/model-summaries.js';
import { MemorySummaryCache } from '../../src/summaries/summary-cache.js';
import { makeArticle } from '../helpers/articles.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { ADMIN, fakeInteraction } from '../helpers/fake-interaction.js';
import { captureLogger, WARN } from '../helpers/logger.js';
import { completion, type FakeModelServer, startFakeModelServer } from '../helpers/fake-model-server.js';

const GUILD = '100000000000000001';
const OTHER = '300000000000000002';
const ANSWER = 'A new bridge opened to traffic on Monday. Officials were pleased.';
const bridge = makeArticle({ id: 'bridge-opens', title: 'New bridge opens to traffic', body: 'The bridge opened on Monday. Traffic was light at first. Officials were pleased with the result. More later.' });

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply({ json: completion(ANSWER) });
});

function setup() {
  const clock = manualClock();
  // The cache in the database is tested with the service itself (tests/summaries/).
  const modelLog = captureLogger();
  const model = new ModelSummaries({ config: server.config(), cache: new MemorySummaryCache(), logger: modelLog.logger, clock, timeoutMs: 2000 });
  const env = testDeps([bridge], clock, { model });
  const router = createRouter(env.deps, commands, buttons);
  const summary = async () => {
    const fake = fakeInteraction({ command: 'news', subcommand: 'summary', options: { article: 'bridge-opens', sentences: 2 } });
    await router.handle(fake.interaction);
    return fake.answers;
  };
  return { ...env, clock, router, summary, modelLog: modelLog.lines };
}

describe('/news summary with a model', () => {
  it("defers while the model works, then answers with the model's summary, labelled in the footer", async () => {
    const { summary } = setup();
    const answers = await summary();
    expect(answers.map((a) => a.kind)).toEqual(['deferReply', 'editReply']);
    const embed = answers[1]!.options.embeds[0];
    expect(embed.description).toBe('A new bridge opened to traffic on Monday. Officials were pleased.');
    expect(embed.footer.text).toBe('bridge-opens · summary by llama3.2:3b, 2 sentences');
    expect(answers[1]!.options.allowedMentions).toEqual({ parse: [] });
    expect(server.requests).toHaveLength(1);
  });

  it('answers at once, without deferring or asking again, once the summary is known', async () => {
    const { summary } = setup();
    await summary();
    const again = await summary();
    expect(again.map((a) => a.kind)).toEqual(['reply']);
    expect(again[0]!.options.embeds[0].footer.text).toContain('summary by llama3.2:3b');
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to the extractive summary when the model fails, and logs why', async () => {
    server.reply({ status: 500, json: { error: 'overloaded' } });
    const { summary, modelLog } = setup();
    const answers = await summary();
    const embed = answers.at(-1)!.options.embeds[0];
    expect(embed.footer.text).toBe('bridge-opens · summary, 2 sentences');
    expect(embed.description).toContain('The bridge opened on Monday.');
    expect(answers.at(-1)!.kind).toBe(answers[0]!.kind === 'deferReply' ? 'editReply' : 'reply');
    expect(modelLog.filter((line) => line.level >= WARN)).toHaveLength(1);
  });
});

describe('posts with a model', () => {
  it('/news post and a scheduled run post the model summary', async () => {
    const { router, poster, deps, clock, publish } = setup();
    const fake = fakeInteraction({
      command: 'news',
      subcommand: 'post',
      options: { article: 'bridge-opens', channel: { id: OTHER, type: 0 } },
      permissions: ADMIN,
      botPermissions: { [OTHER]: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks },
    });
    await router.handle(fake.interaction);
    expect(poster.sent[0]!.payload.embeds[0]!.footer!.text).toContain('summary by llama3.2:3b');

    await addSchedule(deps.schedules, { guildId: GUILD, channelId: '300000000000000003', every: '1h', at: null, timezone: null, count: 1, query: null, backfill: 0 }, clock.now(), 5);
    clock.advance(60_000);
    await publish(makeArticle({ id: 'ferry-returns', title: 'Ferry returns', body: 'The ferry is back. It sails at noon. Tickets are on sale.' }));
    clock.advance(3_600_000);
    await deps.scheduler.tick();
    expect(poster.sent).toHaveLength(2);
    expect(poster.sent[1]!.payload.embeds[0]!.footer!.text).toContain('summary by llama3.2:3b');
  });
});
