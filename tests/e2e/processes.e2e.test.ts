// Several bot processes on one database, end to end: the real entry point started two or three times
// against the local Discord-compatible server (which enforces Discord's 50 requests a second for the
// token), 300 schedules in 100 servers all due at once, one process killed with SIGKILL half way.
// Every due article goes out exactly once, no role is pinged twice, and Discord sees no request over
// the limit. Also: two processes receiving the same /schedule add make one schedule and one answer.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import { openStores } from '../../src/store/open-stores.js';
import { freshPostgresUrl, POSTGRES_SKIP } from '../store/contract/backends.js';
import { type BotWorld, contentOf, killChildren, type NodeProcess, startNode, startWorld } from './harness.js';

const HOUR = 3_600_000;
let world: BotWorld | undefined;
let bots: NodeProcess[] = [];

afterEach(async () => {
  for (const bot of bots) if (bot.running) bot.child.kill('SIGTERM');
  await Promise.all(bots.map((bot) => Promise.race([bot.exited, new Promise((resolve) => setTimeout(resolve, 12_000))])));
  bots = [];
  await killChildren();
  await world?.close();
  world = undefined;
});

interface Backend {
  name: string;
  processes: number;
  skip: string | undefined;
  /** The database settings every process of one test shares. */
  env(w: BotWorld): Promise<Record<string, string>>;
}

const BACKENDS: Backend[] = [
  { name: 'three processes on one PostgreSQL database', processes: 3, skip: POSTGRES_SKIP, env: async () => ({ DATABASE_URL: await freshPostgresUrl() }) },
  { name: 'two processes on one SQLite file', processes: 2, skip: undefined, env: async (w) => ({ DATABASE_PATH: w.databasePath }) },
];

async function manyServers(w: BotWorld, env: Record<string, string>): Promise<{ channels: string[]; roles: Map<string, string> }> {
  const channels: string[] = [];
  const roles = new Map<string, string>();
  const stores = await openStores({ databasePath: env.DATABASE_PATH ?? w.databasePath, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) }, { logger: silentLogger(), clock: systemClock });
  try {
    const now = Date.now();
    for (let g = 0; g < 100; g++) {
      const guild = w.discord.addGuild({ name: `Server ${g}` });
      const role = w.discord.addRole(guild.id, { name: 'news', mentionable: true });
      await stores.settings.update(guild.id, { mentionRoleId: role.id });
      for (let c = 0; c < 3; c++) {
        const channel = w.discord.addChannel(guild.id, { name: `news-${c}` }).id;
        channels.push(channel);
        roles.set(channel, role.id);
        // Added an hour ago, due a second ago: every article the processes load at start is new to it.
        await stores.schedules.create({ id: `s${g}x${c}`.padEnd(6, '0'), guildId: guild.id, channelId: channel, rule: { kind: 'every', minutes: 60 }, count: 1, query: null, backfill: 0, createdAt: new Date(now - HOUR), nextRunAt: new Date(now - 1000) });
      }
    }
  } finally {
    await stores.close();
  }
  return { channels, roles };
}

const footerId = (embeds: unknown[]): string => String((embeds[0] as { footer: { text: string } }).footer.text).split(' · ')[0]!;

describe.each(BACKENDS)('$name', ({ processes, skip, env: backendEnv }) => {
  it.skipIf(skip !== undefined)(`posts every due article exactly once when one process is killed half way${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    world = await startWorld({ bot: false, deploy: false, discord: { globalPerSecond: 50 } });
    const w = world;
    const env = w.env({ ...(await backendEnv(w)), LOG_LEVEL: 'warn' });
    const { channels, roles } = await manyServers(w, env);
    const posts = () => channels.reduce((n, channel) => n + w.discord.messages(channel).length, 0);

    bots = Array.from({ length: processes }, () => startNode('src/main.ts', env, w.dir));
    await w.discord.waitFor(() => posts() >= 100, { timeoutMs: 60_000, what: '100 posts' });
    bots[0]!.child.kill('SIGKILL');
    // The rest finish, the killed process's schedules included once its leases run out.
    await w.discord.waitFor(() => posts() >= channels.length, { timeoutMs: 90_000, what: `${channels.length} posts` });
    // A little longer, to see that nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const seen = new Set<string>();
    let pings = 0;
    for (const channel of channels) {
      const messages = w.discord.messages(channel);
      expect(messages, `posts in ${channel}`).toHaveLength(1);
      for (const message of messages) {
        const pair = `${channel}|${footerId(message.embeds)}`;
        expect(seen.has(pair)).toBe(false);
        seen.add(pair);
        expect(message.pinged.roles.every((role) => role === roles.get(channel))).toBe(true);
        pings += message.pinged.roles.length;
      }
    }
    // One ping a run at most (a process killed between marking the ping and posting it costs one).
    expect(pings).toBeLessThanOrEqual(channels.length);
    expect(pings).toBeGreaterThanOrEqual(channels.length - processes * 4);
    // Nothing Discord would count against the bot: no request over the limit, none refused.
    expect(w.discord.requests.filter((r) => r.status === 429 || r.status === 400).map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([]);
  }, 180_000);
});

it('two processes receiving the same /schedule add make one schedule and one answer', async () => {
  world = await startWorld({ bot: false });
  const w = world;
  bots = [startNode('src/main.ts', w.env(), w.dir), startNode('src/main.ts', w.env(), w.dir)];
  await Promise.all(bots.map((bot) => bot.waitForOutput(/"msg":"connected to Discord"/)));
  const answer = await w.invoke({ command: 'schedule', subcommand: 'add', options: { channel: w.channels.news, every: '1h' } });
  expect(contentOf(answer)).toMatch(/^Schedule `[a-z0-9]{6}` added/);
  // Both processes received it; one answered and the other let it be, without an error.
  const callbacks = w.discord.requests.filter((r) => r.method === 'POST' && r.path.includes('/interactions/'));
  expect(callbacks.map((r) => r.status)).toEqual([204]);
  for (const bot of bots) bot.child.kill('SIGTERM');
  await Promise.all(bots.map((bot) => bot.exited));
  const stores = await openStores({ databasePath: w.databasePath }, { logger: silentLogger(), clock: systemClock });
  try {
    expect(await stores.schedules.countByGuild(w.guild.id)).toBe(1);
  } finally {
    await stores.close();
  }
  expect(bots.map((bot) => bot.stderr).join('')).not.toMatch(/"level":50/);
});
