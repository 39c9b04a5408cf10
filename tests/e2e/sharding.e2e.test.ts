// Gateway sharding end to end: `npm run start:sharded` asks Discord how many shards to run, starts one
// bot process per shard through discord.js's ShardingManager, each answers the servers of its own
// shard, /healthz and /metrics speak for all of them, and SIGTERM stops them all.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type BotWorld, embedsOf, killChildren, SEED, startNode, startWorld } from './harness.js';

let world: BotWorld;

beforeEach(async () => {
  world = await startWorld({ bot: false, deploy: false, discord: { recommendedShards: 2, maxConcurrency: 2 } });
});

let manager: ReturnType<typeof startNode> | undefined;

afterEach(async () => {
  // SIGTERM first, so the manager stops its shard processes rather than leaving them behind.
  if (manager?.running) {
    manager.child.kill('SIGTERM');
    await Promise.race([manager.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
  manager = undefined;
  await killChildren();
  await world.close();
});

/** A second server whose id puts it on the other shard of two: (id >> 22) % 2 differs. */
function otherShardGuild() {
  const id = String(((BigInt(world.guild.id) >> 22n) + 1n) << 22n);
  const guild = world.discord.addGuild({ id, name: 'Second Guild' });
  const channel = world.discord.addChannel(guild.id, { name: 'news' }).id;
  const member = world.discord.addMember(guild.id, { username: 'reader2', permissions: PermissionFlagsBits.SendMessages });
  return { guild, channel, member };
}

/** Reads a URL until its text passes `done` (or 5 s pass), and returns that text. */
async function readUntil(url: string, done: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = await (await fetch(url)).text();
    if (done(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

it('runs Discord’s recommended shards in their own processes, each answering its servers; health and metrics cover them all', async () => {
  const second = otherShardGuild();
  await world.deploy(null);
  const port = await freePort();
  const env = world.env({ HEALTH_PORT: String(port) });
  delete (env as Record<string, string | undefined>).GUILD_ID;
  const sharded = startNode('scripts/start-sharded.ts', env, world.dir);
  manager = sharded;
  await sharded.waitForOutput(/every shard is ready/, 60_000);
  // Each shard syncs the folder into the one database in the background; the seed must be in first.
  await sharded.waitForOutput(/"msg":"articles folder synced"/);

  const identifies = world.discord.gatewayLog.filter((e) => e.type === 'identify').map((e) => e.shard);
  expect(identifies).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
  expect(identifies).toHaveLength(2);

  const here = await world.news('summary', { article: SEED }, { as: world.member });
  expect(embedsOf(here)[0]?.footer?.text).toContain(SEED);
  const there = await world.discord
    .invokeCommand({ guildId: second.guild.id, channelId: second.channel, userId: second.member.id, command: 'news', subcommand: 'summary', options: { article: SEED } })
    .then((result) => result.final({ quietMs: 50, timeoutMs: 10_000 }));
  expect(embedsOf(there)[0]?.footer?.text).toContain(SEED);

  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  // The count goes up once the answer is sent, a moment after Discord has it: read until it shows.
  const metrics = await readUntil(`http://127.0.0.1:${port}/metrics`, (text) => /outcome="ok",shards="0"\} 1/.test(text) && /outcome="ok",shards="1"\} 1/.test(text));
  expect(metrics).toMatch(/newsbot_interactions_total\{command="news",outcome="ok",shards="0"\} 1/);
  expect(metrics).toContain('newsbot_pending_claims');

  sharded.child.kill('SIGTERM');
  expect((await sharded.exited).code).toBe(0);
  // Every shard's log lines name their process and shard.
  expect(sharded.stderr).toMatch(/"shards":"0"/);
  expect(sharded.stderr).toMatch(/"shards":"1"/);
  world.expectEveryMessageSafe();
}, 90_000);
