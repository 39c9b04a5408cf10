// The busiest minute on PostgreSQL: the 10,000 due schedules of schedules.ts, each asking the catalog
// what waits for it (waiting()), as one scheduler pass would, with deliveries written to the same
// database between passes. The same passes as the SQLite bench: the first run after the newest 1% of
// the catalog arrived, the next run with and without resume cursors, and a first run over everything.
import type { ArticleCatalog } from '../../src/store/catalog/types.js';
import type { Pool } from '../../src/store/postgres/pool.js';
import { round } from './measure.js';
import { countPairs, dueSchedules, planPass } from './schedules.js';

async function deliver(pool: Pool, pairs: [string, string][]): Promise<void> {
  await pool.query(
    `INSERT INTO deliveries (channel_id, article_id, nonce, state, claimed_at)
     SELECT channel, article, 'bench', 'sent', now() FROM unnest($1::text[], $2::text[]) AS p(channel, article) ON CONFLICT DO NOTHING`,
    [pairs.map(([channel]) => channel), pairs.map(([, article]) => article)],
  );
}

export async function measurePgSchedules(catalog: ArticleCatalog, pool: Pool, queries: readonly string[], seed: number, size: number) {
  const newCount = Math.max(20, Math.floor(size / 100));
  const { rows } = await pool.query<{ at: Date }>('SELECT first_seen_at AS at FROM articles ORDER BY first_seen_at DESC, id DESC LIMIT 1 OFFSET $1', [newCount - 1]);
  const createdAt = new Date(rows[0]!.at.getTime() - 1);
  const now = new Date(Date.now() + 86_400_000 * 3650);
  const due = dueSchedules(queries, seed).map((schedule) => ({ ...schedule, createdAt }));
  const oldest = (await catalog.waiting({ guildId: due[0]!.guildId, channelId: '0', newSince: createdAt, filter: null }, now, 3)).articles.map((a) => a.id);
  const everyFourth = [...new Set(due.map((s) => s.channelId))].filter((id) => BigInt(id) % 4n === 0n);
  await deliver(pool, everyFourth.flatMap((channel) => oldest.map((id): [string, string] => [channel, id])));

  const first = await planPass(catalog, due, now);
  const { messages, duplicates } = countPairs(first.plans, oldest);
  await deliver(pool, first.plans.flatMap(({ schedule, ids }) => ids.map((id): [string, string] => [schedule.channelId, id])));
  const uncached = await planPass(catalog, due, now);
  const resumed = await planPass(catalog, due, now, first.plans.map((plan) => plan.resume));
  const allNew = await planPass(catalog, due.map((schedule) => ({ ...schedule, createdAt: new Date(0) })), now);
  await pool.query("DELETE FROM deliveries WHERE nonce = 'bench'");
  const perCall = (ms: number) => round(ms / due.length, 3);
  return {
    due: due.length,
    newArticles: newCount,
    messages,
    duplicates,
    planMs: round(first.ms, 0),
    planResumedMs: round(resumed.ms, 0),
    uncachedPlanMs: round(uncached.ms, 0),
    planAllNewMs: round(allNew.ms, 0),
    waitingPerCallMs: { first: perCall(first.ms), resumed: perCall(resumed.ms), uncached: perCall(uncached.ms), allNew: perCall(allNew.ms) },
  };
}
