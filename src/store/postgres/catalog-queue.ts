// A schedule's waiting queue in PostgreSQL: articles first seen after the schedule's newSince, published
// by now, visible in its server, passing its exact filter and not delivered to its channel, oldest first.
// The rules are the SQLite side's (sqlite-queue.ts), including the resume cursor: it moves the window
// start past everything already settled, so a schedule that has delivered thousands of articles does
// not step over them again, and articles still to be published are caught up by a late scan once their
// time passes. The SQLite side chooses by hand between reading the queue index and reading the
// full-text index; here both are indexes of one table and the planner picks between them per query.
import { filterSql } from './catalog-filter.js';
import { NOT_DELIVERED, select, VISIBLE } from './catalog-rows.js';
import type { Pool } from './pool.js';
import type { ScheduleView, WaitingAnswer, WaitingOptions } from '../catalog/types.js';

interface Cursor {
  /** First sighting (ms) the window starts at, inclusive. */
  from: number;
  /** Published times up to this (ms) have been looked at. */
  checked: number;
}

// Its own prefix: a cursor of the SQLite side is not read here, and starts the queue over.
const encode = ({ from, checked }: Cursor): string => `p1:${from}:${checked}`;

function decode(resume: string | undefined): Cursor | undefined {
  const match = resume ? /^p1:(-?\d+):(-?\d+)$/.exec(resume) : null;
  return match ? { from: Number(match[1]), checked: Number(match[2]) } : undefined;
}

export type QueueRow = { id: string; content_hash: string; first_seen_at: Date; published_at: Date };
type Ordered = Pick<QueueRow, 'id' | 'first_seen_at' | 'published_at'>;
const COLUMNS = 'a.id, a.content_hash, a.first_seen_at, a.published_at';
const ORDER = 'ORDER BY a.first_seen_at, a.published_at, a.id';

export const byQueueOrder = (a: Ordered, b: Ordered): number =>
  a.first_seen_at.getTime() - b.first_seen_at.getTime() || a.published_at.getTime() - b.published_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The conditions every queue query shares, with their parameters. */
function common(view: ScheduleView, now: Date): { where: string; params: Record<string, unknown> } {
  const filter = filterSql(view.filter);
  const where = [VISIBLE, 'a.published_at <= $now', NOT_DELIVERED, ...(filter ? [filter.condition] : [])].join(' AND ');
  return { where, params: { guild: view.guildId, channel: view.channelId, now, ...filter?.params } };
}

export class PgQueue {
  constructor(private readonly pool: Pool) {}

  async waiting(view: ScheduleView, now: Date, limit: number, { skip, resume }: WaitingOptions = {}): Promise<WaitingAnswer> {
    const cursor = decode(resume);
    const start = this.start(view, cursor);
    const wanted = (row: QueueRow) => !skip?.has(row.id);
    // Skipped ids are read too (at most their number more), and one row at least, so the window's
    // first row is known even when nothing is taken.
    const main = await this.main(view, now, start, Math.max(1, limit + (skip?.size ?? 0)));
    const late = cursor && cursor.checked < now.getTime() ? await this.late(view, now, start, cursor) : [];
    const taken = [...late, ...main].filter(wanted).sort(byQueueOrder).slice(0, Math.max(0, limit));
    // A late article moves the window start back to it, so it stays in view until it is delivered.
    const first = main[0]?.first_seen_at.getTime() ?? Math.max(start.getTime(), await this.lastSeen());
    const next: Cursor = { from: Math.min(first, ...late.map((row) => row.first_seen_at.getTime())), checked: now.getTime() };
    const articles = taken.map((row) => ({ id: row.id, contentHash: row.content_hash, firstSeenAt: row.first_seen_at, publishedAt: row.published_at }));
    return { articles, resume: encode(next) };
  }

  async waitingCount(view: ScheduleView, now: Date, { resume, atMost = 1000 }: { resume?: string; atMost?: number } = {}): Promise<number> {
    const cursor = decode(resume);
    const start = this.start(view, cursor);
    const late = cursor && cursor.checked < now.getTime() ? (await this.late(view, now, start, cursor)).length : 0;
    const { where, params } = common(view, now);
    const rows = await select<{ n: number }>(
      this.pool,
      `SELECT count(*)::integer AS n FROM (SELECT 1 FROM articles a WHERE a.first_seen_at >= $start AND ${where} LIMIT $atMost) waiting`,
      { ...params, start, atMost: Math.max(0, atMost) },
    );
    return Math.min(atMost, late + (rows[0]?.n ?? 0));
  }

  /** How many waiting articles come before `row` in the queue (from the schedule's creation). */
  async waitingBefore(view: ScheduleView, now: Date, row: Ordered): Promise<number> {
    const { where, params } = common(view, now);
    const rows = await select<{ n: number }>(
      this.pool,
      `SELECT count(*)::integer AS n FROM articles a WHERE a.first_seen_at >= $start AND ${where}
         AND (a.first_seen_at, a.published_at, a.id) < ($seen::timestamptz, $published::timestamptz, $id::text COLLATE "C")`,
      { ...params, start: this.start(view, undefined), seen: row.first_seen_at, published: row.published_at, id: row.id },
    );
    return rows[0]?.n ?? 0;
  }

  private start(view: ScheduleView, cursor: Cursor | undefined): Date {
    return new Date(Math.max(view.newSince.getTime() + 1, cursor?.from ?? 0));
  }

  /** The first `limit` waiting rows from the window start, in queue order. */
  private async main(view: ScheduleView, now: Date, start: Date, limit: number): Promise<QueueRow[]> {
    const { where, params } = common(view, now);
    return select<QueueRow>(this.pool, `SELECT ${COLUMNS} FROM articles a WHERE a.first_seen_at >= $start AND ${where} ${ORDER} LIMIT $limit`, { ...params, start, limit });
  }

  /** Articles before the window whose published time has come since the cursor last looked. */
  private async late(view: ScheduleView, now: Date, start: Date, cursor: Cursor): Promise<QueueRow[]> {
    const { where, params } = common(view, now);
    return select<QueueRow>(
      this.pool,
      `SELECT ${COLUMNS} FROM articles a WHERE a.published_at > $checked AND a.first_seen_at > $since AND a.first_seen_at < $start AND ${where} ${ORDER}`,
      { ...params, checked: new Date(cursor.checked), since: view.newSince, start },
    );
  }

  /** The latest first sighting of any id, deleted articles' included. */
  private async lastSeen(): Promise<number> {
    const rows = await select<{ at: Date | null }>(this.pool, 'SELECT max(first_seen_at) AS at FROM article_keys');
    return rows[0]?.at?.getTime() ?? 0;
  }
}
