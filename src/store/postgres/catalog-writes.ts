// Writes to the PostgreSQL catalog: a source's batch of changes in one transaction, so the article rows,
// their tsvectors, the vocabulary counts and the source's file records never disagree. The transaction
// first takes the catalog's advisory lock, so batches from several processes apply one after another, as
// SQLite's write lock makes them: a new id's first sighting is then later than every id committed before
// it, which is what lets a schedule's resume cursor skip everything before it. Keys still decide every
// row: a sighting is an insert that does nothing when the id is known, an article an upsert by id.
import type pg from 'pg';
import { indexTokens } from '../../core/catalog-text.js';
import { contentHash, refHashOf } from '../catalog/content-hash.js';
import { BACKLOG_SIGHTING, type BatchResult, type IncomingArticle, isBacklogSighting, type SourceFile, type SourceOp } from '../catalog/types.js';
import { indexArticle } from './catalog-vectors.js';
import { applyVocabulary, countLexemes } from './catalog-vocabulary.js';
import { inTransaction, type Pool } from './pool.js';

/** Any fixed number, different from the migrations' lock: every process writing the catalog takes it. */
const CATALOG_WRITE_LOCK = 7_364_102_912;

/** What a batch needs to know of an article already stored (or written earlier in the same batch). */
interface Current {
  hash: string;
  origin: string;
  guildId: string | null;
  publishedAt: Date;
  lexemes: string[];
}

/** One articles row as json_to_recordset reads it. */
interface RowJson {
  id: string;
  origin: string;
  guild_id: string | null;
  published_at: string;
  first_seen_at: string;
  content_hash: string;
  ref_hash: string | null;
  updated_at: string;
  url: string | null;
  source: string | null;
  author: string | null;
  image: string | null;
  tags: string[];
  title: string;
  body: string;
  words: string;
  title_words: string;
  exact_text: string | null;
}

const COLUMNS = 'id, origin, guild_id, published_at, first_seen_at, content_hash, ref_hash, updated_at, url, source, author, image, tags, title, body, words, title_words, exact_text';
const RECORD = `id text, origin text, guild_id text, published_at timestamptz, first_seen_at timestamptz, content_hash text, ref_hash text,
  updated_at timestamptz, url text, source text, author text, image text, tags jsonb, title text, body text, words tsvector, title_words tsvector, exact_text text`;
/**
 * A time as PostgreSQL reads it, to the millisecond, in any year a Date holds: toISOString's
 * +012000-01-01 form for years past 9999 is not one it reads, nor a year before 1 without BC.
 */
export function pgTime(date: Date): string {
  const iso = date.toISOString();
  const rest = iso.slice(iso.indexOf('-', 1)).replace('Z', '+00');
  const year = date.getUTCFullYear();
  return year > 0 ? `${String(year).padStart(4, '0')}${rest}` : `${String(1 - year).padStart(4, '0')}${rest} BC`;
}

const UPDATES = COLUMNS.split(', ')
  .filter((column) => column !== 'id' && column !== 'first_seen_at')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

/** Queue order: time seen, then published, then id. */
const byQueueOrder = (a: IncomingArticle, b: IncomingArticle): number =>
  a.seenAt.getTime() - b.seenAt.getTime() || a.article.publishedAt.getTime() - b.article.publishedAt.getTime() || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0);

export async function applyCatalogBatch(pool: Pool, origin: string, ops: readonly SourceOp[], now: Date): Promise<BatchResult> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_WRITE_LOCK]);
    const incoming = ops.flatMap((op) => (op.op === 'put-article' ? [op.incoming] : []));
    const sightings = await sight(client, incoming);
    const ids = [...new Set(ops.flatMap((op) => (op.op === 'put-article' ? [op.incoming.article.id] : op.op === 'drop-article' ? [op.id] : [])))];
    const state = await currentState(client, ids);

    const result: BatchResult = { upserts: [], removed: [] };
    const deltas = new Map<string, number>();
    const rows = new Map<string, RowJson | null>();
    const files = new Map<string, SourceFile | null>();
    for (const op of ops) {
      if (op.op === 'put-article') {
        const { id } = op.incoming.article;
        const current = state.get(id);
        const row = rowOf(origin, op.incoming, sightings.get(id)!, now, current);
        if (current && current.hash === row.content_hash && current.origin === origin && current.guildId === row.guild_id) {
          result.upserts.push({ id, outcome: 'unchanged' });
          continue;
        }
        const lexemes = row.words.lexemes;
        if (current) countLexemes(deltas, current.lexemes, -1);
        countLexemes(deltas, lexemes, 1);
        state.set(id, { hash: row.content_hash, origin, guildId: row.guild_id, publishedAt: row.publishedAt, lexemes });
        rows.set(id, row.json);
        result.upserts.push({ id, outcome: current ? 'updated' : 'added' });
      } else if (op.op === 'drop-article') {
        const current = state.get(op.id);
        if (!current) continue;
        countLexemes(deltas, current.lexemes, -1);
        state.delete(op.id);
        rows.set(op.id, null);
        result.removed.push(op.id);
      } else if (op.op === 'put-file') files.set(op.file.path, op.file);
      else files.set(op.path, null);
    }
    await writeArticles(client, rows);
    await writeFiles(client, origin, files);
    await applyVocabulary(client, deltas);
    return result;
  });
}

/** Records the first sighting of every new id, in queue order; returns every incoming id's sighting. */
async function sight(client: pg.PoolClient, incoming: IncomingArticle[]): Promise<Map<string, Date>> {
  if (incoming.length === 0) return new Map();
  const ordered = [...incoming].sort(byQueueOrder);
  const ids = [...new Set(ordered.map((entry) => entry.article.id))];
  const known = await readSightings(client, ids);
  // A backlog's new ids are first seen at time 0, before every schedule's start (see IncomingArticle):
  // never new to a schedule, and no later than anything, so they leave the latest sighting alone.
  const backlogIds = [...new Set(ordered.filter((entry) => entry.backlog && !known.has(entry.article.id)).map((entry) => entry.article.id))];
  if (backlogIds.length) {
    await client.query('INSERT INTO article_keys (id, first_seen_at) SELECT unnest($1::text[]), $2::timestamptz ON CONFLICT DO NOTHING', [backlogIds, BACKLOG_SIGHTING]);
    for (const id of backlogIds) known.set(id, BACKLOG_SIGHTING);
  }
  const fresh = ordered.filter((entry) => !known.has(entry.article.id));
  if (fresh.length) {
    const { rows } = await client.query<{ last: Date | null }>('SELECT max(first_seen_at) AS last FROM article_keys');
    // Under the lock, the latest sighting read here is the latest there is. A new id is never seen before
    // the one before it (a process whose clock is behind takes the latest time), so sightings follow the
    // order ids arrive in; ties are ordered by the queue itself. Sightings never run ahead of the clock,
    // so a schedule made after an import finds every imported article old.
    let last = rows[0]?.last?.getTime() ?? 0;
    const added = new Map<string, Date>();
    for (const { article, seenAt } of fresh) {
      if (added.has(article.id)) continue;
      last = Math.max(seenAt.getTime(), last);
      added.set(article.id, new Date(last));
    }
    await client.query('INSERT INTO article_keys (id, first_seen_at) SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT DO NOTHING', [[...added.keys()], [...added.values()]]);
    for (const [id, at] of added) known.set(id, at);
  }
  return known;
}

async function readSightings(client: pg.PoolClient, ids: string[]): Promise<Map<string, Date>> {
  const { rows } = await client.query<{ id: string; first_seen_at: Date }>('SELECT id, first_seen_at FROM article_keys WHERE id = ANY($1::text[])', [ids]);
  return new Map(rows.map((row) => [row.id, row.first_seen_at]));
}

async function currentState(client: pg.PoolClient, ids: string[]): Promise<Map<string, Current>> {
  if (ids.length === 0) return new Map();
  // The stored vector's lexemes are what the vocabulary counted for the article, whatever text made them.
  const { rows } = await client.query<{ id: string; content_hash: string; origin: string; guild_id: string | null; published_at: Date; lexemes: string[] }>(
    'SELECT id, content_hash, origin, guild_id, published_at, tsvector_to_array(words) AS lexemes FROM articles WHERE id = ANY($1::text[]) FOR UPDATE',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { hash: row.content_hash, origin: row.origin, guildId: row.guild_id, publishedAt: row.published_at, lexemes: row.lexemes }]));
}

/**
 * The published time of an undated article: its first sighting, which never moves. An article whose
 * sighting is the backlog's (time 0) is dated when it was actually read instead (never 1970): the date
 * it was stored with, else the time this source saw it.
 */
function undatedPublished(firstSeen: Date, current: Current | undefined, seenAt: Date): Date {
  if (!isBacklogSighting(firstSeen)) return firstSeen;
  return current?.publishedAt ?? seenAt;
}

function rowOf(origin: string, incoming: IncomingArticle, firstSeen: Date, now: Date, current: Current | undefined) {
  const article = incoming.undated ? { ...incoming.article, publishedAt: undatedPublished(firstSeen, current, incoming.seenAt) } : incoming.article;
  const indexed = indexArticle(indexTokens(article.title), indexTokens(article.body), indexTokens(article.id));
  const json: RowJson = {
    id: article.id,
    origin,
    guild_id: incoming.guildId ?? null,
    published_at: pgTime(article.publishedAt),
    first_seen_at: pgTime(firstSeen),
    content_hash: contentHash(article),
    ref_hash: refHashOf(article.id),
    updated_at: pgTime(now),
    url: article.url ?? null,
    source: article.source ?? null,
    author: article.author ?? null,
    image: article.image ?? null,
    tags: article.tags,
    title: article.title,
    body: article.body,
    words: indexed.words.literal,
    title_words: indexed.titleWords.literal,
    exact_text: indexed.exactText,
  };
  return { json, content_hash: json.content_hash, guild_id: json.guild_id, publishedAt: article.publishedAt, words: indexed.words };
}

async function writeArticles(client: pg.PoolClient, rows: Map<string, RowJson | null>): Promise<void> {
  const puts = [...rows.values()].filter((row) => row !== null);
  const drops = [...rows].filter(([, row]) => row === null).map(([id]) => id);
  if (drops.length) await client.query('DELETE FROM articles WHERE id = ANY($1::text[])', [drops]);
  if (puts.length) {
    await client.query(`INSERT INTO articles (${COLUMNS}) SELECT ${COLUMNS} FROM json_to_recordset($1::json) AS r(${RECORD}) ON CONFLICT (id) DO UPDATE SET ${UPDATES}`, [JSON.stringify(puts)]);
  }
  if (rows.size === 0) return;
  // Summaries of any other version than the stored one go; a dropped article keeps none (its hash is NULL).
  await client.query(
    'DELETE FROM article_summaries s USING unnest($1::text[], $2::text[]) AS v(id, hash) WHERE s.article_id = v.id AND s.content_hash IS DISTINCT FROM v.hash',
    [[...rows.keys()], [...rows.values()].map((row) => row?.content_hash ?? null)],
  );
}

async function writeFiles(client: pg.PoolClient, origin: string, files: Map<string, SourceFile | null>): Promise<void> {
  const puts = [...files.values()].filter((file) => file !== null);
  const drops = [...files].filter(([, file]) => file === null).map(([path]) => path);
  if (drops.length) await client.query('DELETE FROM source_files WHERE origin = $1 AND path = ANY($2::text[])', [origin, drops]);
  if (puts.length === 0) return;
  await client.query(
    `INSERT INTO source_files (origin, path, article_id, size, mtime_ms, hash, state, reason)
     SELECT $1, path, "articleId", size, "mtimeMs", hash, state, reason
     FROM json_to_recordset($2::json) AS f(path text, "articleId" text, size bigint, "mtimeMs" double precision, hash text, state text, reason text)
     ON CONFLICT (origin, path) DO UPDATE SET article_id = excluded.article_id, size = excluded.size, mtime_ms = excluded.mtime_ms,
       hash = excluded.hash, state = excluded.state, reason = excluded.reason`,
    [origin, JSON.stringify(puts)],
  );
}

/**
 * Indexes the articles after `afterId` again (at most `limit`, in id order, one transaction under the
 * writers' lock): their vectors are written anew from the stored text. The vocabulary is recounted once
 * at the end (recountVocabulary), so nothing here touches it.
 */
export async function reindexBatch(pool: Pool, afterId: string, limit: number): Promise<{ count: number; lastId: string }> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_WRITE_LOCK]);
    const { rows } = await client.query<{ id: string; title: string; body: string }>(
      'SELECT id, title, body FROM articles WHERE id COLLATE "C" > $1 ORDER BY id COLLATE "C" LIMIT $2 FOR UPDATE',
      [afterId, limit],
    );
    if (rows.length === 0) return { count: 0, lastId: afterId };
    const vectors = rows.map((row) => {
      const indexed = indexArticle(indexTokens(row.title), indexTokens(row.body), indexTokens(row.id));
      return { id: row.id, words: indexed.words.literal, title_words: indexed.titleWords.literal, exact_text: indexed.exactText };
    });
    await client.query(
      `UPDATE articles a SET words = v.words, title_words = v.title_words, exact_text = v.exact_text
       FROM json_to_recordset($1::json) AS v(id text, words tsvector, title_words tsvector, exact_text text) WHERE a.id = v.id`,
      [JSON.stringify(vectors)],
    );
    return { count: rows.length, lastId: rows.at(-1)!.id };
  });
}

/** Sets every word's article count to what the stored vectors hold; returns how many words there are. */
export async function recountVocabulary(pool: Pool): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_WRITE_LOCK]);
    const { rows } = await client.query<{ term: string; delta: number; docs: number }>(
      `SELECT coalesce(c.word, s.term) AS term, coalesce(c.ndoc, 0) - coalesce(s.docs, 0) AS delta, coalesce(c.ndoc, 0) AS docs
       FROM (SELECT word COLLATE "C" AS word, ndoc FROM ts_stat('SELECT words FROM articles')) c
       FULL JOIN search_terms s ON s.term = c.word`,
    );
    await applyVocabulary(client, new Map(rows.filter((row) => row.delta !== 0).map((row) => [row.term, row.delta])));
    return rows.filter((row) => row.docs > 0).length;
  });
}
