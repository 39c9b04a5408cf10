// Delivery throughput with one and with three bot processes on one PostgreSQL database: the real entry
// point, several times over, against the local Discord-compatible server enforcing Discord's 50
// requests a second for the token. Every due schedule posts its articles; the figures are posts per
// second from the first post to the last, duplicate (channel, article) pairs (must be 0) and requests
// Discord would count as invalid (401, 403, 429; must be 0).
// Run alone: TEST_DATABASE_URL=postgres://… tsx scripts/bench/delivery.ts [--processes 1,3]
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemClock } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import { openStores } from '../../src/store/open-stores.js';
import { startFakeDiscord } from '../../tests/e2e/fake-discord/index.js';
import { round } from './measure.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVERS = 50;
const CHANNELS_PER_SERVER = 4;
const POSTS_PER_SCHEDULE = 3;

export interface DeliveryFigures {
  processes: number;
  schedules: number;
  posts: number;
  seconds: number;
  postsPerSecond: number;
  duplicates: number;
  invalidRequests: number;
}

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `news_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function startBot(env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts')], { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
}

/** One measurement: `processes` bots share the database and the token's budget. */
export async function measureDelivery(adminUrl: string, processes: number): Promise<DeliveryFigures> {
  const discord = await startFakeDiscord({ globalPerSecond: 50 });
  const dir = await mkdtemp(join(tmpdir(), 'news-bench-delivery-'));
  const database = await freshDatabase(adminUrl);
  const bots: ChildProcess[] = [];
  try {
    // Seven real articles, so each schedule has POSTS_PER_SCHEDULE new ones to post.
    await mkdir(join(dir, 'articles'));
    for (const file of (await readdir(join(ROOT, 'articles'))).slice(0, 7)) await copyFile(join(ROOT, 'articles', file), join(dir, 'articles', file));
    const stores = await openStores({ databasePath: '(unused)', databaseUrl: database.url }, { logger: silentLogger(), clock: systemClock });
    const channels: string[] = [];
    const now = Date.now();
    for (let s = 0; s < SERVERS; s++) {
      const guild = discord.addGuild({ name: `Server ${s}` });
      for (let c = 0; c < CHANNELS_PER_SERVER; c++) {
        const channel = discord.addChannel(guild.id, { name: `news-${c}` }).id;
        channels.push(channel);
        await stores.schedules.create({ id: `b${s}c${c}`.padEnd(6, '0'), guildId: guild.id, channelId: channel, rule: { kind: 'every', minutes: 60 }, count: POSTS_PER_SCHEDULE, query: null, backfill: 0, createdAt: new Date(now - 3_600_000), nextRunAt: new Date(now - 1000) });
      }
    }
    await stores.close();
    const expected = channels.length * POSTS_PER_SCHEDULE;
    const env: Record<string, string> = {
      ...(Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(DISCORD_|GUILD_ID|ARTICLES_DIR|DATABASE_|LOG_|SCHEDULE_|SHARD_|HEALTH_)/.test(e[0])))),
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_BASE: discord.apiBase,
      ARTICLES_DIR: join(dir, 'articles'),
      DATABASE_URL: database.url,
      LOG_LEVEL: 'error',
    };
    for (let p = 0; p < processes; p++) bots.push(startBot(env, dir));
    const posts = () => discord.requests.filter((r) => r.method === 'POST' && r.status === 200 && /\/channels\/\d+\/messages$/.test(r.path));
    await discord.waitFor(() => posts().length >= expected, { timeoutMs: 180_000, intervalMs: 50, what: `${expected} posts` });
    const done = posts();
    const seconds = (done.at(-1)!.at - done[0]!.at) / 1000;
    const pairs = new Set<string>();
    let duplicates = 0;
    for (const channel of channels) {
      for (const message of discord.messages(channel)) {
        const pair = `${channel}|${String((message.embeds[0] as { footer?: { text?: string } } | undefined)?.footer?.text).split(' · ')[0]}`;
        if (pairs.has(pair)) duplicates++;
        pairs.add(pair);
      }
    }
    return {
      processes,
      schedules: channels.length,
      posts: done.length,
      seconds: round(seconds),
      postsPerSecond: round(done.length / Math.max(seconds, 0.001)),
      duplicates,
      invalidRequests: discord.requests.filter((r) => [401, 403, 429].includes(r.status)).length,
    };
  } finally {
    for (const bot of bots) bot.kill('SIGTERM');
    await Promise.all(bots.map((bot) => new Promise((resolve) => (bot.exitCode !== null ? resolve(undefined) : bot.once('exit', resolve)))));
    await discord.close();
    await database.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The figures beside their baselines: one process, and the 50 requests a second Discord allows. */
export function deliveryTable(figures: DeliveryFigures[]): string {
  const single = figures.find((f) => f.processes === 1);
  const rows = figures.map((f) => {
    const vsOne = single && f !== single ? ` (${round(f.postsPerSecond / single.postsPerSecond)}x one process)` : '';
    return `  ${f.processes} process${f.processes === 1 ? ' ' : 'es'}: ${f.posts} posts from ${f.schedules} schedules in ${f.seconds} s = ${f.postsPerSecond} posts/s${vsOne}; duplicates ${f.duplicates}, invalid requests ${f.invalidRequests}`;
  });
  return ['\ndelivery on PostgreSQL against the local Discord (limit: 50 requests/s for the token, shared by every process)', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { processes: { type: 'string', default: '1,3' } } });
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set TEST_DATABASE_URL (or run through scripts/with-postgres.sh)');
  for (const n of values.processes.split(',').map(Number)) process.stdout.write(`${JSON.stringify(await measureDelivery(url, n))}\n`);
}
