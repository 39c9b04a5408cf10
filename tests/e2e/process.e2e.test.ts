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
