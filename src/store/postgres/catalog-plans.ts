// How the catalog's full-text queries on the words vector are read. An article's words vector is
// several kilobytes kept out of line (TOAST): checking one row against a query means fetching and
// unpacking it, 5 to 15 microseconds, while PostgreSQL's planner counts it as one cheap operator.
// Left to itself it walks the newest articles checking each one's words, or filters a range of them the
// same way, and for a rare word that means unpacking thousands of vectors to find a handful. So these
// queries say how they are to be read, chosen by the caller from the vocabulary's counts:
// - 'index': the GIN index finds the matching rows and only those are read. With a lower bound on the
//   first sighting, the index's matches are intersected with the bound's range before any row is read
//   (reading fewer rows is made to weigh more than reading index entries, so the planner prefers that).
// - 'walk': the articles are read newest or oldest first and each one's words checked, which costs
//   less only when most articles match.
// The settings and the query go to the server as one message, in the simple protocol: its statements
// form one implicit transaction, so SET LOCAL lasts for that query alone and nothing else on the
// connection is affected, in one round trip. That protocol takes no parameters, so the values are
// written into the text as literals, escaped by the driver.
import pg from 'pg';
import { pgTime } from './catalog-writes.js';
import type { Pool } from './pool.js';

export type Scan = 'index' | 'walk';

const SETTINGS: Record<Scan, string> = {
  index: 'SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL cpu_tuple_cost = 0.5; SET LOCAL max_parallel_workers_per_gather = 0',
  walk: 'SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL max_parallel_workers_per_gather = 0',
};

/** A value as an SQL literal: text escaped by pg, finite numbers as they are, times as PostgreSQL reads them. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (value instanceof Date && Number.isFinite(value.getTime())) return pg.escapeLiteral(pgTime(value));
  throw new Error(`no literal for a query value of type ${typeof value}`);
}

/** Runs one query (named parameters as in named-params.ts, given as literals) read the given way. */
export async function selectScanning<T extends object>(pool: Pool, scan: Scan, text: string, params: Readonly<Record<string, unknown>>): Promise<T[]> {
  const query = text.replace(/\$([a-zA-Z_]\w*)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for the query parameter $${name}`);
    return literal(params[name]);
  });
  const results = (await pool.query(`${SETTINGS[scan]}; ${query}`)) as unknown as pg.QueryResult[];
  return results.at(-1)!.rows as T[];
}

/**
 * About how many articles the catalog holds: the planner's own figure, kept by autovacuum and ANALYZE,
 * good enough to weigh a word's count against. 0 when the table was never analyzed.
 */
export async function catalogSize(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>("SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'articles'::regclass");
  return rows[0]?.n ?? 0;
}

