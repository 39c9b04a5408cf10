// The busiest minute: 10,000 schedules across 2,000 servers all due at once. Times planRuns (what to
// post where) over a 10,000-article library, checks that no (channel, article) pair is planned twice,
// and times reading those rows back from SQLite, the store the scheduler really reads them from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArticleLibrary } from '../../src/core/library.js';
import { silentLogger } from '../../src/logger.js';
import { CandidateCache, planRuns } from '../../src/scheduler/plan.js';
import type { NewSchedule } from '../../src/scheduler/types.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { mulberry32 } from './corpus.js';
import { round, time, timeAsync } from './measure.js';

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
  planMs: number;
  messages: number;
  duplicates: number;
  /** The same picks with no shared cache: every schedule sorts and filters the library itself. */
  uncachedPlanMs: number;
  sqliteDueMs: number;
  sqliteDueBatchMs: number;
}

export async function measureSchedules(library: ArticleLibrary, queries: readonly string[], seed: number): Promise<ScheduleFigures> {
  const due = dueSchedules(queries, seed).map((schedule) => ({ ...schedule, newSince: schedule.createdAt }));
  // A channel in four has already received the three newest articles; those must not be planned again.
  const newest = library.latest(3).map((article) => article.id);
  const claimed = (channelId: string): Set<string> => new Set(BigInt(channelId) % 4n === 0n ? newest : []);

  const plan = time(() => planRuns(due, new CandidateCache(library, NOW), claimed));
  const seen = new Set<string>();
  let messages = 0;
  let duplicates = 0;
  for (const channelId of new Set(due.map((s) => s.channelId))) for (const id of claimed(channelId)) seen.add(`${channelId}|${id}`);
  for (const run of plan.result) {
    for (const article of run.articles) {
      const pair = `${run.schedule.channelId}|${article.id}`;
      messages++;
      if (seen.has(pair)) duplicates++;
      seen.add(pair);
    }
  }

  const uncached = time(() => {
    const taken = new Map<string, Set<string>>();
    for (const schedule of due) {
      const set = taken.get(schedule.channelId) ?? claimed(schedule.channelId);
      taken.set(schedule.channelId, set);
      for (const article of planRuns([schedule], new CandidateCache(library, NOW), () => set)[0]!.articles) set.add(article.id);
    }
  });

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
    return {
      due: due.length,
      servers: SERVERS,
      channels: SERVERS * CHANNELS_PER_SERVER,
      planMs: round(plan.ms),
      messages,
      duplicates,
      uncachedPlanMs: round(uncached.ms),
      sqliteDueMs: round(all.ms),
      sqliteDueBatchMs: round(batch.ms),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
