// A schedule's waiting queue, read from the database: articles first seen after the schedule was
// created, published by now, visible in its server, passing its exact filter and not delivered to its
// channel, oldest first. Two things keep a run's cost in proportion to what is new rather than to the
// catalog:
// - A filter with required words is read from the full-text index in key order, starting at the
//   window's first key (keys follow first sightings, see sqlite-schema.ts); the index skips
//   non-matching articles itself. Without required words the queue index is read from the window start.
// - The resume cursor moves the window start past everything already settled, so a schedule that has
//   delivered thousands of articles does not step over them again. Articles still to be published are
//   settled for now and caught up by their published time once it passes (`checked`).
import type { Database, Statement } from 'better-sqlite3';
import { filterExpressions } from './sqlite-filter.js';
import { VISIBLE } from './sqlite-rows.js';
import type { ScheduleView, WaitingAnswer, WaitingOptions } from './types.js';

interface Cursor {
  /** First sighting (ms) the window starts at, inclusive. */
  from: number;
  /** Published times up to this (ms) have been looked at. */
  checked: number;
}

const encode = ({ from, checked }: Cursor): string => `q1:${from}:${checked}`;

function decode(resume: string | undefined): Cursor | undefined {
  const match = resume ? /^q1:(\d+):(\d+)$/.exec(resume) : null;
  return match ? { from: Number(match[1]), checked: Number(match[2]) } : undefined;
}

/** What the scans read: enough to order and pick; the articles picked are read in full afterwards. */
type Row = { key: number; id: string; content_hash: string; first_seen_at: number; published_at: number };
const SCAN_COLUMNS = 'a.key, a.id, a.content_hash, a.first_seen_at, a.published_at';
/** Extra rows read past the limit in key order, to finish the sighting time the limit falls on. */
const TIE_MARGIN = 64;
type Params = Record<string, unknown>;

type Ordered = { id: string; first_seen_at: number; published_at: number };
const byQueueOrder = (a: Ordered, b: Ordered): number => a.first_seen_at - b.first_seen_at || a.published_at - b.published_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SqliteQueue {
  private readonly cache = new Map<string, Statement<Params, Row>>();
  private readonly firstKey: Statement<[number], { key: number }>;
  private readonly lastSeen: Statement<[], { at: number | null }>;

  constructor(private readonly db: Database) {
    this.firstKey = db.prepare('SELECT key FROM article_keys WHERE first_seen_at >= ? ORDER BY first_seen_at, key LIMIT 1');
    this.lastSeen = db.prepare('SELECT max(first_seen_at) AS at FROM article_keys');
  }

  waiting(view: ScheduleView, now: Date, limit: number, { skip, resume }: WaitingOptions = {}): WaitingAnswer {
    const cursor = decode(resume);
    const start = Math.max(view.createdAt.getTime() + 1, cursor?.from ?? 0);
    const params = this.params(view, now, start);
    const { main, first } = this.head(params, Math.max(0, limit), skip);
    const late = cursor ? this.scan(params, 'late').all({ ...params, checked: cursor.checked }).filter((row) => !skip?.has(row.id)) : [];
    const taken = [...late, ...main].sort(byQueueOrder).slice(0, Math.max(0, limit));
    const lateLeft = late.some((row) => !taken.includes(row));
    const next: Cursor = {
      from: first ?? Math.max(start, this.lastSeen.get()?.at ?? 0),
      checked: lateLeft && cursor ? cursor.checked : now.getTime(),
    };
    const articles = taken.map((row) => ({ id: row.id, contentHash: row.content_hash, firstSeenAt: new Date(row.first_seen_at), publishedAt: new Date(row.published_at) }));
    return { articles, resume: encode(next) };
  }

  /**
   * The first `limit` waiting rows from the window start (leaving out `skip`), in queue order, and the
   * sighting time of the first row read. Read in key order, rows of one sighting time can come in any
   * order, so the time the limit falls on is read to its end before sorting.
   */
  private head(params: Params, limit: number, skip: ReadonlySet<string> | undefined): { main: Row[]; first: number | undefined } {
    const keyOrder = params.required !== undefined;
    const statement = this.scan(params, 'main');
    const fetch = limit + (skip?.size ?? 0) + (keyOrder ? TIE_MARGIN : 0);
    const rows = statement.all({ ...params, rows: fetch });
    const first = rows[0]?.first_seen_at;
    let main = rows.filter((row) => !skip?.has(row.id));
    if (!keyOrder) return { main: main.slice(0, limit), first };
    const boundary = main[limit - 1]?.first_seen_at;
    if (boundary !== undefined && rows.length === fetch && rows.at(-1)!.first_seen_at <= boundary) {
      main = [];
      for (const row of statement.iterate({ ...params, rows: -1 })) {
        if (row.first_seen_at > boundary) break;
        if (!skip?.has(row.id)) main.push(row);
      }
    }
    return { main: main.sort(byQueueOrder).slice(0, limit), first };
  }

  waitingCount(view: ScheduleView, now: Date, { resume, atMost = 1000 }: { resume?: string; atMost?: number } = {}): number {
    const cursor = decode(resume);
    const params = this.params(view, now, Math.max(view.createdAt.getTime() + 1, cursor?.from ?? 0));
    const late = cursor ? this.scan(params, 'late').all({ ...params, checked: cursor.checked }).length : 0;
    return Math.min(atMost, late + this.scan(params, 'main').all({ ...params, rows: atMost }).length);
  }

  /** How many waiting articles come before `row` in the queue (from the schedule's creation). */
  waitingBefore(view: ScheduleView, now: Date, row: { id: string; first_seen_at: number; published_at: number }): number {
    const params = this.params(view, now, view.createdAt.getTime() + 1);
    let ahead = 0;
    for (const other of this.scan(params, 'main').iterate({ ...params, rows: -1 })) {
      if (other.id === row.id) continue;
      if (byQueueOrder(other, row) < 0) ahead++;
      else if (other.first_seen_at > row.first_seen_at) break;
    }
    return ahead;
  }

  private params(view: ScheduleView, now: Date, start: number): Params {
    const expressions = filterExpressions(view.filter);
    const params: Params = { start, since: view.createdAt.getTime(), now: now.getTime(), guild: view.guildId, channel: view.channelId, ...expressions };
    if (expressions.required) params.fromKey = this.firstKey.get(start)?.key ?? Number.MAX_SAFE_INTEGER;
    return params;
  }

  /** The main scan from the window start, or the late scan of articles before it whose time has come. */
  private scan(params: Params, part: 'main' | 'late'): Statement<Params, Row> {
    const driven = part === 'main' && params.required !== undefined;
    const shape = `${part}:${driven}:${params.required !== undefined}:${params.excluded !== undefined}`;
    let statement = this.cache.get(shape);
    if (statement) return statement;
    const where = [
      part === 'main' ? 'a.first_seen_at >= @start AND a.published_at <= @now' : 'a.first_seen_at > @since AND a.first_seen_at < @start AND a.published_at > @checked AND a.published_at <= @now',
      VISIBLE,
      'NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.channel_id = @channel AND d.article_id = a.id)',
    ];
    if (params.required !== undefined && !driven) where.push('EXISTS (SELECT 1 FROM article_words r WHERE r.rowid = a.key AND article_words MATCH @required)');
    if (params.excluded !== undefined) where.push('NOT EXISTS (SELECT 1 FROM article_words x WHERE x.rowid = a.key AND article_words MATCH @excluded)');
    // The late scan reads the few articles whose published time passed since the last run.
    const sql = driven
      ? `SELECT ${SCAN_COLUMNS} FROM article_words f JOIN articles a ON a.key = f.rowid
         WHERE article_words MATCH @required AND f.rowid >= @fromKey AND ${where.join(' AND ')} ORDER BY f.rowid LIMIT @rows`
      : part === 'main'
        ? `SELECT ${SCAN_COLUMNS} FROM articles a INDEXED BY articles_queue WHERE ${where.join(' AND ')}
           ORDER BY a.first_seen_at, a.published_at, a.id LIMIT @rows`
        : `SELECT ${SCAN_COLUMNS} FROM articles a INDEXED BY articles_newest WHERE ${where.join(' AND ')}`;
    statement = this.db.prepare<Params, Row>(sql);
    this.cache.set(shape, statement);
    return statement;
  }
}
