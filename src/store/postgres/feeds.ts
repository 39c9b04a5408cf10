// Feeds in PostgreSQL. Creating a feed takes a transaction-scoped advisory lock per server, so the
// duplicate and per-server checks and the insert of two processes never interleave; due feeds are
// taken with FOR UPDATE SKIP LOCKED, as schedules are. Rows are read with the same rules as SQLite's.
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import { feedPatchColumns, feedRowSchema, readFeeds } from '../feed-rows.js';
import type { CreateFeedOptions, CreateFeedResult, EntryRecord, Feed, FeedPatch, FeedsStore, NewFeed } from '../feeds.js';
import { inTransaction, type Pool } from './pool.js';
import { patchLeased } from './leased-patch.js';

// timestamptz comes back as Date, boolean as boolean.
const rowSchema = feedRowSchema({ time: z.date(), flag: z.boolean() });

const LISTED = 'removed_at IS NULL';
// A feed being removed is due at once: its removal is finished under a lease like any fetch.
const DUE_AT = "CASE WHEN removed_at IS NULL THEN next_fetch_at ELSE 'epoch'::timestamptz END";
const FREE = '(lease_until IS NULL OR lease_until <= $1)';

export class PgFeeds implements FeedsStore {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  private async select(sql: string, params: unknown[], client: Pick<Pool, 'query'> = this.pool): Promise<Feed[]> {
    const { rows } = await client.query(sql, params);
    return readFeeds(rows, rowSchema, this.logger);
  }

  async create(feed: NewFeed, { limit, lease }: CreateFeedOptions): Promise<CreateFeedResult> {
    return inTransaction(this.pool, async (client): Promise<CreateFeedResult> => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('news-bot feeds ' || coalesce($1::text, '')))", [feed.guildId]);
      const [existing] = await this.select(`SELECT * FROM feeds WHERE coalesce(guild_id, '') = coalesce($1::text, '') AND url = $2 AND ${LISTED}`, [feed.guildId, feed.url], client);
      if (existing) return { kind: 'duplicate', existing };
      if (feed.guildId !== null) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::integer AS n FROM feeds WHERE guild_id = $1 AND ${LISTED}`, [feed.guildId]);
        if ((rows[0]?.n ?? 0) >= limit) return { kind: 'full', limit };
      }
      const [created] = await this.select(
        `INSERT INTO feeds (id, guild_id, url, name, full_text, next_fetch_at, created_at, lease_owner, lease_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING *`,
        [feed.id, feed.guildId, feed.url, feed.name, feed.fullText, feed.nextFetchAt, feed.createdAt, lease?.owner ?? null, lease?.until ?? null],
        client,
      );
      return created ? { kind: 'created', feed: created } : { kind: 'id-taken' };
    });
  }

  async get(id: string): Promise<Feed | undefined> {
    return (await this.select(`SELECT * FROM feeds WHERE id = $1 AND ${LISTED}`, [id]))[0];
  }

  async list(guildId: string | null): Promise<Feed[]> {
    return guildId === null
      ? this.select(`SELECT * FROM feeds WHERE guild_id IS NULL AND ${LISTED} ORDER BY created_at, id`, [])
      : this.select(`SELECT * FROM feeds WHERE guild_id = $1 AND ${LISTED} ORDER BY created_at, id`, [guildId]);
  }

  async listAll(): Promise<Feed[]> {
    return this.select(`SELECT * FROM feeds WHERE ${LISTED} ORDER BY guild_id IS NOT NULL, guild_id, created_at, id`, []);
  }

  async articleCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ feed_id: string; n: number }>(
      'SELECT feed_id, count(DISTINCT article_id)::integer AS n FROM feed_entries WHERE feed_id = ANY($1::text[]) GROUP BY feed_id',
      [ids],
    );
    return new Map(rows.map((row) => [row.feed_id, row.n]));
  }

  async recordPending(feedId: string, records: readonly EntryRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool.query(
      `INSERT INTO feed_entries (feed_id, identity, entry_key, article_id, content_hash)
       SELECT $1, r.identity, r.entry_key, r.article_id, NULL FROM unnest($2::text[], $3::text[], $4::text[]) AS r (identity, entry_key, article_id)
       ON CONFLICT DO NOTHING`,
      [feedId, records.map((r) => r.identity), records.map((r) => r.key), records.map((r) => r.articleId)],
    );
  }

  async knownEntries(feedId: string, identities: readonly string[]): Promise<Map<string, EntryRecord>> {
    const { rows } = await this.pool.query<{ identity: string; entry_key: string; article_id: string; content_hash: string | null }>(
      'SELECT identity, entry_key, article_id, content_hash FROM feed_entries WHERE feed_id = $1 AND identity = ANY($2::text[])',
      [feedId, identities],
    );
    return new Map(rows.map((row) => [row.identity, { identity: row.identity, key: row.entry_key, articleId: row.article_id, contentHash: row.content_hash }]));
  }

  async articleIds(feedId: string, after: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ article_id: string }>(
      // COLLATE "C": the same byte order as SQLite, so paging by "after" never skips an id.
      'SELECT DISTINCT article_id COLLATE "C" AS article_id FROM feed_entries WHERE feed_id = $1 AND article_id COLLATE "C" > $2 ORDER BY 1 LIMIT $3',
      [feedId, after, limit],
    );
    return rows.map((row) => row.article_id);
  }

  async update(id: string, patch: FeedPatch): Promise<void> {
    await this.patch(this.pool, id, patch, null);
  }

  async markRemoved(id: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE feeds SET removed_at = $2 WHERE id = $1 AND ${LISTED}`, [id, now]);
    return rowCount === 1;
  }

  async purge(id: string, owner: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM feeds WHERE id = $1 AND removed_at IS NOT NULL AND lease_owner = $2', [id, owner]);
    return rowCount === 1;
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Feed[]> {
    const claimed = await this.select(
      `WITH picked AS (
         SELECT id FROM feeds WHERE ${DUE_AT} <= $1 AND ${FREE} ORDER BY ${DUE_AT}, id LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE feeds SET lease_owner = $3, lease_until = $4 FROM picked WHERE feeds.id = picked.id
       RETURNING feeds.*`,
      [now, limit, owner, new Date(now.getTime() + leaseMs)],
    );
    // RETURNING keeps no order; removals first, then the earliest due.
    const dueAt = (feed: Feed): number => (feed.removedAt ? 0 : feed.nextFetchAt.getTime());
    return claimed.sort((a, b) => dueAt(a) - dueAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async leaseOne(id: string, now: Date, owner: string, leaseMs: number): Promise<Feed | undefined> {
    const [leased] = await this.select(`UPDATE feeds SET lease_owner = $2, lease_until = $3 WHERE id = $4 AND ${FREE} RETURNING *`, [
      now,
      owner,
      new Date(now.getTime() + leaseMs),
      id,
    ]);
    return leased;
  }

  async renewLease(id: string, owner: string, until: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE feeds SET lease_until = $3 WHERE id = $1 AND lease_owner = $2', [id, owner, until]);
    return rowCount === 1;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.pool.query('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [id, owner]);
  }

  async finishFetch(id: string, owner: string, patch: FeedPatch, records: readonly EntryRecord[]): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      if (!(await this.patch(client, id, patch, owner))) return false;
      if (records.length > 0) {
        await client.query(
          `INSERT INTO feed_entries (feed_id, identity, entry_key, article_id, content_hash)
           SELECT $1, r.identity, r.entry_key, r.article_id, r.content_hash
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS r (identity, entry_key, article_id, content_hash)
           ON CONFLICT (feed_id, identity) DO UPDATE SET entry_key = excluded.entry_key, article_id = excluded.article_id, content_hash = excluded.content_hash`,
          [id, records.map((r) => r.identity), records.map((r) => r.key), records.map((r) => r.articleId), records.map((r) => r.contentHash)],
        );
      }
      return true;
    });
  }

  async nextDueAt(): Promise<Date | undefined> {
    // greatest() ignores NULL, so an unleased feed counts by its due time alone.
    const { rows } = await this.pool.query<{ at: Date | null }>(`SELECT min(greatest(${DUE_AT}, lease_until)) AS at FROM feeds`);
    return rows[0]?.at ?? undefined;
  }

  private patch(client: Pick<Pool, 'query'>, id: string, patch: FeedPatch, owner: string | null): Promise<boolean> {
    return patchLeased(client, 'feeds', id, feedPatchColumns(patch), owner);
  }
}
