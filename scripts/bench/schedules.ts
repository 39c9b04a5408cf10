// The busiest minute: 10,000 schedules across 2,000 servers all due at once. Times planning a pass
// (what to post where) over the size's catalog with the database queries the scheduler will use, checks
// that no (channel, article) pair is planned twice, and times reading the schedules back from SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFilter } from '../../src/core/filter.js';
import { silentLogger } from '../../src/logger.js';
import type { NewSchedule } from '../../src/scheduler/types.js';
import type { ArticleCatalog } from '../../src/store/catalog/types.js';
import { type Database, openDatabase } from '../../src/store/database.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { mulberry32 } from './corpus.js';
import { round, timeAsync } from './measure.js';

const SERVERS = 2000;
const PER_SERVER = 5;
const CHANNELS_PER_SERVER = 3;
const NOW = new Date('2026-11-01T12:00:00Z');

const snowflake = (kind: number, n: number): string => String(100_000_000_000_000_000n * BigInt(kind) + BigInt(n));

/** 5 schedules a server over 3 channels (so two channels are shared), one in ten limited to a query. */
export function dueSchedules(queries: readonly string[], seed: number): NewSchedule[] {
  const random = mulberry32(seed ^ 0x5c4ed);
  const out: NewSchedule[] = [];
  for (let server = 0; server < SERVERS; server++) {
    for (let k = 0; k < PER_SERVER; k++) {
      const n = out.length;
      out.push({
        id: `sched-${n}`,
        guildId: snowflake(1, server),
        channelId: snowflake(3, server * CHANNELS_PER_SERVER + (k % CHANNELS_PER_SERVER)),
        rule: { kind: 'every', minutes: 60 },
        count: 1 + Math.floor(random() * 5),
        query: random() < 0.1 ? queries[Math.floor(random() * queries.length)]! : null,
        createdAt: new Date(NOW.getTime() - 86_400_000),
        backfill: random() < 0.1 ? 3 : 0,
        nextRunAt: new Date(NOW.getTime() - Math.floor(random() * 60_000)),
      });
    }
  }
  return out;
}

export interface ScheduleFigures {
  due: number;
  servers: number;
  channels: number;
  /** Articles in the catalog the schedules read. */
  libraryArticles: number;
  /** Articles first seen after the schedules were created (the steady-state window). */
  newArticles: number;
  /** One pass over every due schedule: the first run after the window filled. */
  planMs: number;
  messages: number;
  duplicates: number;
  /** The next pass after those were delivered, each schedule resuming from its cursor. */
  planResumedMs: number;
  /** The same next pass without cursors: every schedule steps over what it delivered. */
  uncachedPlanMs: number;
  /** The first pass after a first import: every article is new to every schedule. */
  planAllNewMs: number;
  sqliteDueMs: number;
  sqliteDueBatchMs: number;
}

export type Pass = { plans: { schedule: NewSchedule; ids: string[]; resume: string }[]; ms: number };

/** Plans one pass the way the scheduler will: per due schedule, its waiting articles, a channel's picks shared. */
export async function planPass(catalog: ArticleCatalog, due: readonly NewSchedule[], now: Date, resumes?: readonly string[]): Promise<Pass> {
  const start = performance.now();
  const taken = new Map<string, Set<string>>();
  const plans: Pass['plans'] = [];
  for (const [i, schedule] of due.entries()) {
    const parsed = schedule.query ? parseFilter(schedule.query) : undefined;
    const view = { guildId: schedule.guildId, channelId: schedule.channelId, newSince: schedule.createdAt, filter: parsed?.ok ? parsed.filter : null };
    let skip = taken.get(schedule.channelId);
    if (!skip) taken.set(schedule.channelId, (skip = new Set()));
    const resume = resumes?.[i];
    const answer = await catalog.waiting(view, now, schedule.count, resume ? { skip, resume } : { skip });
    for (const article of answer.articles) skip.add(article.id);
    plans.push({ schedule, ids: answer.articles.map((a) => a.id), resume: answer.resume });
  }
  return { plans, ms: performance.now() - start };
}

function deliver(db: Database, pairs: Iterable<[string, string]>): void {
  const insert = db.prepare("INSERT OR IGNORE INTO deliveries (channel_id, article_id, nonce, state, claimed_at) VALUES (?, ?, 'bench', 'sent', 0)");
  db.transaction(() => {
    for (const [channel, article] of pairs) insert.run(channel, article);
  })();
}

/**
 * The schedules were created just before the newest 1% of the catalog arrived (at least 20 articles);
 * a channel in four has already received the three oldest of those. Deliveries are written to the
 * catalog's own database, as the runner would.
 */
export async function measureSchedules(catalog: ArticleCatalog, db: Database, queries: readonly string[], seed: number, size: number): Promise<ScheduleFigures> {
  const newCount = Math.max(20, Math.floor(size / 100));
  // Articles imported in one batch share a sighting time: the window takes the whole batch.
  const boundary = db.prepare<[number], { first_seen_at: number }>('SELECT first_seen_at FROM articles ORDER BY first_seen_at DESC, key DESC LIMIT 1 OFFSET ?').get(newCount - 1)!;
  const createdAt = new Date(boundary.first_seen_at - 1);
  const now = new Date(Date.now() + 86_400_000 * 3650);
  const due = dueSchedules(queries, seed).map((schedule) => ({ ...schedule, createdAt }));
  const oldest = (await catalog.waiting({ guildId: due[0]!.guildId, channelId: '0', newSince: createdAt, filter: null }, now, 3)).articles.map((a) => a.id);
  deliver(db, [...new Set(due.map((s) => s.channelId))].filter((id) => BigInt(id) % 4n === 0n).flatMap((channel) => oldest.map((id): [string, string] => [channel, id])));
  const newArticles = (db.prepare('SELECT count(*) AS n FROM articles WHERE first_seen_at > ?').get(createdAt.getTime()) as { n: number }).n;

  const first = await planPass(catalog, due, now);
  const { messages, duplicates } = countPairs(first.plans, oldest);
  deliver(db, first.plans.flatMap(({ schedule, ids }) => ids.map((id): [string, string] => [schedule.channelId, id])));
  const uncached = await planPass(catalog, due, now);
  const resumed = await planPass(catalog, due, now, first.plans.map((plan) => plan.resume));
  const allNew = await planPass(catalog, due.map((schedule) => ({ ...schedule, createdAt: new Date(0) })), now);
  db.prepare("DELETE FROM deliveries WHERE nonce = 'bench'").run();
  return {
    due: due.length,
    servers: SERVERS,
    channels: SERVERS * CHANNELS_PER_SERVER,
    libraryArticles: size,
    newArticles,
    planMs: round(first.ms),
    messages,
    duplicates,
    planResumedMs: round(resumed.ms),
    uncachedPlanMs: round(uncached.ms),
    planAllNewMs: round(allNew.ms),
    ...(await measureDueQuery(due)),
  };
}

/** Reading the due schedules back from SQLite, the store the scheduler really reads them from. */
async function measureDueQuery(due: readonly NewSchedule[]): Promise<{ sqliteDueMs: number; sqliteDueBatchMs: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'news-bench-db-'));
  try {
    const db = openDatabase(join(folder, 'bench.sqlite'));
    const store = new SqliteSchedules(db, silentLogger());
    db.exec('BEGIN');
    for (const schedule of due) await store.create(schedule);
    db.exec('COMMIT');
    await store.due(NOW, 10); // Warms the statement and the page cache, as a running bot would be.
    const all = await timeAsync(() => store.due(NOW, due.length));
    const batch = await timeAsync(() => store.due(NOW, 200));
    if (all.result.length !== due.length) throw new Error(`SQLite returned ${all.result.length} of ${due.length} due schedules`);
    db.close();
    return { sqliteDueMs: round(all.ms), sqliteDueBatchMs: round(batch.ms) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Messages a pass planned, and how many (channel, article) pairs it planned twice or planned although
 * delivered before the pass (every fourth channel had the `oldest` articles delivered).
 */
export function countPairs(plans: readonly { schedule: { channelId: string }; ids: readonly string[] }[], oldest: readonly string[]): { messages: number; duplicates: number } {
  const seen = new Set<string>();
  let messages = 0;
  let duplicates = 0;
  for (const { schedule, ids } of plans) {
    for (const id of ids) {
      const pair = `${schedule.channelId}|${id}`;
      messages++;
      if (seen.has(pair) || (BigInt(schedule.channelId) % 4n === 0n && oldest.includes(id))) duplicates++;
      seen.add(pair);
    }
  }
  return { messages, duplicates };
}
