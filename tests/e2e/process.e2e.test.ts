// `npm start` end to end: the real entry point as a child process, configured only through the
// environment, serving one command from the local server and stopping cleanly on SIGTERM.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type BotWorld, embedsOf, killChildren, SEED, startNode, startWorld } from './harness.js';

let world: BotWorld;

beforeEach(async () => {
  world = await startWorld({ bot: false });
});

afterEach(async () => {
  await killChildren();
  await world.close();
});

it('src/main.ts connects, answers /news summary, and exits 0 on SIGTERM', async () => {
  const bot = startNode('src/main.ts', world.env(), world.dir);
  await bot.waitForOutput(/"msg":"connected to Discord"/);
  // The folder is imported in the background; until it is, commands see only what has arrived.
  await bot.waitForOutput(/"msg":"articles folder synced"/);

  const answer = await world.news('summary', { article: SEED, sentences: 2 }, { as: world.member });
  expect(answer).toMatchObject({ type: 4, ephemeral: false });
  expect(embedsOf(answer)[0]?.footer?.text).toBe(`${SEED} · summary, 2 sentences`);
  world.expectEveryMessageSafe();

  bot.child.kill('SIGTERM');
  const { code } = await bot.exited;
  expect(code).toBe(0);
  expect(bot.stderr).toContain('"msg":"shutting down"');
  expect(bot.stdout + bot.stderr).not.toContain(world.discord.token);
});

it('a wrong token exits non-zero with a message that does not contain the token', async () => {
  const token = 'wrong-token-3e8b1d0c';
  const bot = startNode('src/main.ts', world.env({ DISCORD_TOKEN: token }), world.dir);
  const { code } = await bot.exited;
  expect(code).not.toBe(0);
  expect(bot.stderr).toMatch(/The bot could not start: .*token/i);
  expect(bot.stdout + bot.stderr).not.toContain(token);
  expect(world.discord.gatewayLog.filter((e) => e.type === 'identify')).toHaveLength(0);
});

/** Adds a schedule through the in-process bot, gives it `articles` new articles, and makes it due now. */
async function dueSchedule(articles: number, count: number): Promise<string> {
  await world.startBot();
  const answer = await world.invoke({ command: 'schedule', subcommand: 'add', options: { channel: world.channels.news, every: '1h', count, backfill: 0 } });
  const id = /`([a-z0-9]{6})`/.exec(String(answer.data?.content))![1]!;
  for (let n = 1; n <= articles; n++) await world.addArticle(`due-${n}`, `Due story number ${n}`);
  await world.app!.deps.schedules.update(id, { nextRunAt: new Date(Date.now() - 1000) });
  await world.stopBot();
  return id;
}

const postedIds = () => world.discord.messages(world.channels.news).map((m) => String((m.embeds[0] as { footer: { text: string } }).footer.text).split(' · ')[0]!);

it('a 401 while posting stops the bot with a fatal line and a non-zero exit, and changes no schedule', async () => {
  const id = await dueSchedule(2, 2);
  world.discord.faults.failNext({ method: 'POST', path: `/channels/${world.channels.news}/messages`, status: 401, times: 5 });
  const bot = startNode('src/main.ts', world.env(), world.dir);
  const { code } = await bot.exited;
  expect(code).toBe(1);
  expect(bot.stderr).toContain('Discord no longer accepts the bot token (401 Unauthorized): posting has stopped everywhere');
  expect(bot.stderr).toMatch(/"level":60/);
  expect(world.discord.messages(world.channels.news)).toHaveLength(0);
  await world.startBot();
  expect(await world.app!.deps.schedules.get(world.guild.id, id)).toMatchObject({ pausedReason: null, failures: 0, lastRunAt: null });
});

it('SIGTERM during a run lets the send in flight finish, exits 0, and a restart posts the rest once', async () => {
  await dueSchedule(5, 5);
  // The first post waits two seconds on a rate limit: SIGTERM arrives while it is in flight.
  world.discord.faults.failNext({ method: 'POST', path: `/channels/${world.channels.news}/messages`, status: 429, retryAfter: 2 });
  const bot = startNode('src/main.ts', world.env(), world.dir);
  await world.discord.waitFor(() => world.discord.requests.some((r) => r.status === 429), { timeoutMs: 15_000, what: 'the rate-limited post' });
  bot.child.kill('SIGTERM');
  const { code } = await bot.exited;
  expect(code).toBe(0);
  expect(postedIds()).toEqual(['due-1']);

  await world.startBot();
  await world.app!.deps.scheduler.tick();
  const ids = postedIds();
  expect(ids).toEqual(['due-1', 'due-2', 'due-3', 'due-4', 'due-5']);
  world.expectEveryMessageSafe();
});

it('SHARD_COUNT and SHARD_IDS run just those shards; HEALTH_PORT serves /healthz and /metrics', async () => {
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
  const bot = startNode('src/main.ts', world.env({ SHARD_COUNT: '2', SHARD_IDS: '1', HEALTH_PORT: String(port) }), world.dir);
  await bot.waitForOutput(/"msg":"connected to Discord"/);
  expect(world.discord.gatewayLog.filter((e) => e.type === 'identify').map((e) => e.shard)).toEqual([[1, 2]]);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true, problems: {} });
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  for (const name of ['newsbot_interactions_total', 'newsbot_posts_total', 'newsbot_post_failures_total', 'newsbot_schedule_lag_seconds', 'newsbot_pending_claims', 'newsbot_paused_schedules', 'newsbot_rate_limited_total']) {
    expect(metrics).toContain(`# TYPE ${name}`);
  }
  expect(bot.stderr).toMatch(/"shards":"1"/);
  expect(bot.stderr).toMatch(/"proc":"[^"]+-\d+-[0-9a-f]{6}"/);
  bot.child.kill('SIGTERM');
  expect((await bot.exited).code).toBe(0);
});
