// `npm run dev:local` keeps its world: run twice on one data folder, the second run finds the first
// one's settings and schedules, its scheduler posts what is due into a channel that still exists, and
// the prompt shows short lines, never the log's JSON.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { parseRule } from '../../src/scheduler/rules.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { copyArticles, killChildren, startInteractive, startNode } from './harness.js';

let dir: string | undefined;

afterEach(async () => {
  await killChildren();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The environment of a person who has no .env and no Discord variables. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(DISCORD_|GUILD_ID|ARTICLES_DIR|DATABASE_PATH|LOG_|SCHEDULE_)/.test(e[0]));
  return { ...Object.fromEntries(inherited), ...extra };
}

async function withSchedules<T>(path: string, use: (store: SqliteSchedules) => Promise<T>): Promise<T> {
  const db = openDatabase(path);
  try {
    return await use(new SqliteSchedules(db, silentLogger()));
  } finally {
    db.close();
  }
}

it('a restart finds the settings and schedules again, and a due schedule posts at the prompt', async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-sandbox-'));
  await copyArticles(join(dir, 'articles'));
  // A broken article: its warning must reach the prompt as one short line.
  await writeFile(join(dir, 'articles', 'broken.md'), '');
  const first = startNode('scripts/dev-local.ts', cleanEnv(), dir, ['/config color hex:#00ff00', '/config mention-role role:@subscribers', '/schedule add channel:#news every:1h', 'quit', ''].join('\n'));
  expect((await first.exited).code).toBe(0);
  expect(first.stderr).toBe('');
  expect(first.stdout).toContain('Data: ./data/sandbox/sandbox.sqlite');
  expect(first.stdout).toMatch(/Web page: http:\/\/127\.0\.0\.1:\d+\//);
  expect(first.stdout).toMatch(/warning: skipped article file \([^)]+\)/);
  const id = /Schedule `(\w+)` added: every 1h in #news, first run \w{3} \d+ \w{3} \d{4}, \d\d:\d\d [\w/+-]+ \(in (?:60 minutes|1 hour)\)/.exec(first.stdout)?.[1];
  expect(id).toBeDefined();

  // As if the bot had been away past the schedule's time: the next start runs it at once.
  const database = join(dir, 'data', 'sandbox', 'sandbox.sqlite');
  await withSchedules(database, (store) => store.update(id!, { nextRunAt: new Date(Date.now() - 60_000) }));

  const second = startInteractive('scripts/dev-local.ts', cleanEnv(), dir);
  await second.waitForOutput(/Schedules: 1, one due now\./);
  await second.waitForOutput(/\[\d\d:\d\d:\d\d #news\] posted “[^”]+” \(pinged @subscribers\)/);
  second.child.stdin!.write('/schedule list\n');
  await second.waitForOutput(new RegExp(`${id} · every 1h\\n#news · 1 article a run\\nnext .+\\nlast: posted 1`));
  second.child.stdin!.write('/config show\n');
  await second.waitForOutput(/Embed color\n#00FF00/);
  second.child.stdin!.end('quit\n');
  expect((await second.exited).code).toBe(0);
  expect(second.stderr).toBe('');
  expect(second.stdout).not.toMatch(/paused|"level"|at \w+ \(/);

  const log = await readFile(join(dir, 'data', 'sandbox', 'sandbox.log'), 'utf8');
  const lines = log.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; posted?: number });
  expect(lines.find((line) => line.msg === 'schedule ran')).toMatchObject({ posted: 1 });
  expect(lines.map((line) => line.msg)).not.toContain('schedule paused');
});

it('will not run on a database that holds schedules of real servers', async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-sandbox-'));
  await copyArticles(join(dir, 'articles'));
  const database = join(dir, 'bot.sqlite');
  const parsed = parseRule({ every: '1h' }, { minIntervalMinutes: 5 });
  if (!parsed.ok) throw new Error(parsed.error);
  await withSchedules(database, (store) =>
    store.create({ id: 'abc234', guildId: '223456789012345678', channelId: '323456789012345678', rule: parsed.rule, count: 1, query: null, backfill: 0, createdAt: new Date(), nextRunAt: new Date() }),
  );
  const run = startNode('scripts/dev-local.ts', cleanEnv({ DATABASE_PATH: database }), dir, 'quit\n');
  expect((await run.exited).code).toBe(1);
  expect(run.stderr).toContain(`dev:local did not start: ${database} holds 1 active schedule of other servers`);
  await withSchedules(database, async (store) => expect((await store.get('223456789012345678', 'abc234'))?.pausedReason).toBeNull());
});

it('prints its sample feed, and /feed add follows it from the prompt', async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-sandbox-'));
  await copyArticles(join(dir, 'articles'));
  const run = startInteractive('scripts/dev-local.ts', cleanEnv(), dir);
  await run.waitForOutput(/Sample feed: http:\/\/127\.0\.0\.1:\d+\/news\.xml /);
  const url = /Sample feed: (\S+)/.exec(run.stdout)![1]!;
  run.child.stdin!.write('help\n');
  await run.waitForOutput(new RegExp(`/feed add url:${url.replace(/[.?]/g, '\\$&')} follows the sandbox's sample feed`));
  run.child.stdin!.write(`/feed add url:${url} name:Millbrook\n`);
  await run.waitForOutput(/\[#news, only you can see this(?:, edited)?\]\nFeed `(\w{6})` added: Millbrook, 3 entries found\./);
  run.child.stdin!.write('/news search query:ferry crossing\n');
  await run.waitForOutput(/Ferry adds an early crossing on weekdays/);
  run.child.stdin!.write('/feed list\n');
  await run.waitForOutput(/\w{6} · Millbrook\nhttp:\/\/127\.0\.0\.1:\d+\/news\.xml\nok\n/);
  run.child.stdin!.end('quit\n');
  expect((await run.exited).code).toBe(0);
  expect(run.stderr).toBe('');
});
