// A schedule's waiting queue, read from the database: articles first seen after the schedule's
// newSince, published by now, visible in its server, passing its exact filter and not delivered to its
// channel, oldest first. What keeps a run's cost in proportion to what is new rather than to the catalog:
// - The resume cursor moves the window start past everything already settled, so a schedule that has
//   delivered thousands of articles does not step over them again. Articles still to be published are
//   settled for now, caught up by their published time once it passes (the late scan), and then keep
//   the window open from where they are until they are delivered.
// - A filter with required words is read from the full-text index, whose keys follow first sightings
//   (see sqlite-schema.ts). FTS5 reads a word's list from either end cheaply but reaches a key in the
//   middle only by walking to it, so a window close to the newest end has its matching keys read
//   backwards to its start (a fraction of a microsecond each), then its articles checked oldest first
//   until enough are found; a window reaching further back is read forwards from its start instead.
// - Exclusions alone, and the late scan's few articles, are checked with matchesFilter on the article
//   itself: asking the index about one article costs as much as walking a word's whole list.
import type { Database, Statement } from 'better-sqlite3';
import { matchesFilter, filterText } from '../../core/filter.js';
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

/** What the scans read: enough to order and pick. The runner reads the articles it posts. */
type Row = { key: number; id: string; content_hash: string; first_seen_at: number; published_at: number };
type Params = Record<string, unknown>;
type Scan = 'forward' | 'row' | 'queue' | 'late';
const COLUMNS = 'a.key, a.id, a.content_hash, a.first_seen_at, a.published_at';
/** How many entries a forward walk skips in the time a backward read returns one matching key. */
const BACKWARD_COST = 8;

type Ordered = { id: string; first_seen_at: number; published_at: number };
const byQueueOrder = (a: Ordered, b: Ordered): number => a.first_seen_at - b.first_seen_at || a.published_at - b.published_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SqliteQueue {
  private readonly scans = new Map<Scan, Statement<Params, Row>>();
  private readonly s;

  constructor(private readonly db: Database) {
    this.s = {
      firstKey: db.prepare<[number], { key: number }>('SELECT key FROM article_keys WHERE first_seen_at >= ? ORDER BY first_seen_at, key LIMIT 1'),
      // Two subqueries: min and max together in one aggregate would read every row.
      keyRange: db.prepare<[], { low: number | null; high: number | null }>('SELECT (SELECT min(key) FROM article_keys) AS low, (SELECT max(key) FROM article_keys) AS high'),
      lastSeen: db.prepare<[], { at: number | null }>('SELECT max(first_seen_at) AS at FROM article_keys'),
      text: db.prepare<[number], { title: string; body: string }>('SELECT title, body FROM articles WHERE key = ?'),
      // No lower bound in SQL: with one, FTS5 walks the list from its start; without, from its end.
      newestKeys: db.prepare<Params, number>('SELECT rowid FROM article_words WHERE article_words MATCH @combined ORDER BY rowid DESC').pluck(),
    };
  }

  waiting(view: ScheduleView, now: Date, limit: number, { skip, resume }: WaitingOptions = {}): WaitingAnswer {
    const cursor = decode(resume);
    const params = this.params(view, now, cursor);
    const wanted = (row: Row) => !skip?.has(row.id);
    const main = this.main(view, params, Math.max(0, limit), wanted);
    const late = cursor && cursor.checked < now.getTime() ? this.late(view, params, cursor) : [];
    const taken = [...late.filter(wanted), ...main.rows].sort(byQueueOrder).slice(0, Math.max(0, limit));
    // A late article moves the window start back to it, so it stays in view until it is delivered.
    const from = Math.min(main.first ?? Math.max(params.start as number, this.s.lastSeen.get()?.at ?? 0), ...late.map((row) => row.first_seen_at));
    const next: Cursor = { from, checked: now.getTime() };
    const articles = taken.map((row) => ({ id: row.id, contentHash: row.content_hash, firstSeenAt: new Date(row.first_seen_at), publishedAt: new Date(row.published_at) }));
    return { articles, resume: encode(next) };
  }

  waitingCount(view: ScheduleView, now: Date, { resume, atMost = 1000 }: { resume?: string; atMost?: number } = {}): number {
    const cursor = decode(resume);
    const params = this.params(view, now, cursor);
    const late = cursor && cursor.checked < now.getTime() ? this.late(view, params, cursor).length : 0;
    return Math.min(atMost, late + this.main(view, params, atMost, () => true).rows.length);
  }

  /** How many waiting articles come before `row` in the queue (from the schedule's creation). */
  waitingBefore(view: ScheduleView, now: Date, row: Ordered): number {
    const params = this.params(view, now, undefined);
    const all = this.main(view, params, Number.MAX_SAFE_INTEGER, (other) => other.id !== row.id).rows;
    return all.filter((other) => byQueueOrder(other, row) < 0).length;
  }

  private params(view: ScheduleView, now: Date, cursor: Cursor | undefined): Params {
    const start = Math.max(view.newSince.getTime() + 1, cursor?.from ?? 0);
    const { combined } = filterExpressions(view.filter);
    const params: Params = { start, since: view.newSince.getTime(), now: now.getTime(), guild: view.guildId, channel: view.channelId, combined };
    if (combined) params.fromKey = this.s.firstKey.get(start)?.key ?? Number.MAX_SAFE_INTEGER;
    return params;
  }

  /** The first `limit` wanted rows from the window start, in queue order, and the first sighting time read. */
  private main(view: ScheduleView, params: Params, limit: number, wanted: (row: Row) => boolean): { rows: Row[]; first: number | undefined } {
    if (params.combined === undefined) {
      // The queue index gives queue order: read until enough rows pass (exclusions checked one by one).
      const rows: Row[] = [];
      let first: number | undefined;
      for (const row of this.scan('queue').iterate(params)) {
        if (view.filter && !this.matches(view, row)) continue;
        first ??= row.first_seen_at;
        if (wanted(row)) rows.push(row);
        if (rows.length >= limit) break;
      }
      return { rows, first };
    }
    const { low, high } = this.s.keyRange.get() ?? { low: null, high: null };
    const fromKey = params.fromKey as number;
    const backward = high !== null && low !== null && (high - fromKey) * BACKWARD_COST <= fromKey - low;
    const source = backward ? this.rowsOf(this.keysFrom(params), params) : this.scan('forward').iterate(params);
    const rows: Row[] = [];
    // Keys follow first sightings, so once `limit` rows are in, only their last sighting time is finished.
    let boundary: number | undefined;
    let count = 0;
    for (const row of source) {
      if (boundary !== undefined && row.first_seen_at > boundary) break;
      rows.push(row);
      if (wanted(row)) count++;
      if (boundary === undefined && count >= limit) boundary = row.first_seen_at;
    }
    rows.sort(byQueueOrder);
    return { rows: rows.filter(wanted).slice(0, limit), first: rows[0]?.first_seen_at };
  }

  /** The keys of the window's matching articles, oldest first, read from the newest end. */
  private keysFrom(params: Params): number[] {
    const keys: number[] = [];
    const fromKey = params.fromKey as number;
    for (const key of this.s.newestKeys.iterate(params)) {
      if (key < fromKey) break;
      keys.push(key);
    }
    return keys.reverse();
  }

  /** The waiting articles among `keys`, in key order. */
  private *rowsOf(keys: number[], params: Params): Generator<Row> {
    const statement = this.scan('row');
    for (const key of keys) {
      const row = statement.get({ ...params, key });
      if (row) yield row;
    }
  }

  /** Articles before the window whose published time has come since the cursor last looked. */
  private late(view: ScheduleView, params: Params, cursor: Cursor): Row[] {
    return this.scan('late').all({ ...params, checked: cursor.checked }).filter((row) => !view.filter || this.matches(view, row));
  }

  private matches(view: ScheduleView, row: Row): boolean {
    const text = this.s.text.get(row.key);
    return text !== undefined && matchesFilter(view.filter!, filterText(text));
  }

  private scan(kind: Scan): Statement<Params, Row> {
    let statement = this.scans.get(kind);
    if (statement) return statement;
    const common = `${VISIBLE} AND a.published_at <= @now AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.channel_id = @channel AND d.article_id = a.id)`;
    const sql = {
      forward: `SELECT ${COLUMNS} FROM article_words f JOIN articles a ON a.key = f.rowid
        WHERE article_words MATCH @combined AND f.rowid >= @fromKey AND a.first_seen_at >= @start AND ${common} ORDER BY f.rowid`,
      row: `SELECT ${COLUMNS} FROM articles a WHERE a.key = @key AND a.first_seen_at >= @start AND ${common}`,
      queue: `SELECT ${COLUMNS} FROM articles a INDEXED BY articles_queue WHERE a.first_seen_at >= @start AND ${common}
        ORDER BY a.first_seen_at, a.published_at, a.id`,
      late: `SELECT ${COLUMNS} FROM articles a INDEXED BY articles_newest
        WHERE a.published_at > @checked AND a.first_seen_at > @since AND a.first_seen_at < @start AND ${common}`,
    }[kind];
    statement = this.db.prepare<Params, Row>(sql);
    this.scans.set(kind, statement);
    return statement;
  }
}
