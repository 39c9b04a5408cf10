// Feeds in SQLite. Creating a feed (the duplicate and per-server checks with the insert) and claiming
// due feeds run in IMMEDIATE transactions, which hold the file's write lock from their first read, so
// two processes never both pass a check or both take a feed.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import { LeasedPatches } from './sqlite-leased-patch.js';
import { feedPatchColumns, feedRowSchema, readFeeds } from './feed-rows.js';
import type { CreateFeedOptions, CreateFeedResult, EntryRecord, Feed, FeedPatch, FeedsStore, NewFeed } from './feeds.js';

const rowSchema = feedRowSchema({
  time: z.number().int().transform((ms) => new Date(ms)),
  flag: z.number().int().transform((n) => n !== 0),
});


const LISTED = 'removed_at IS NULL';
// A feed being removed is due at once: its removal is finished under a lease like any fetch.
const DUE_AT = 'CASE WHEN removed_at IS NULL THEN next_fetch_at ELSE 0 END';
const FREE = '(lease_until IS NULL OR lease_until <= @now)';

type EntryRow = { identity: string; entry_key: string; article_id: string; content_hash: string | null };

export class SqliteFeeds implements FeedsStore {
  private readonly s;
  private readonly patches: LeasedPatches;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.patches = new LeasedPatches(db, 'feeds');
    this.s = {
      insert: db.prepare(`INSERT INTO feeds (id, guild_id, url, name, full_text, next_fetch_at, created_at, lease_owner, lease_until)
        VALUES (@id, @guildId, @url, @name, @fullText, @nextFetchAt, @createdAt, @leaseOwner, @leaseUntil) ON CONFLICT (id) DO NOTHING`),
      byUrl: db.prepare<{ guildId: string | null; url: string }, unknown>(`SELECT * FROM feeds WHERE coalesce(guild_id, '') = coalesce(@guildId, '') AND url = @url AND ${LISTED}`),
      countGuild: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM feeds WHERE guild_id = ? AND ${LISTED}`),
      get: db.prepare<[string], unknown>(`SELECT * FROM feeds WHERE id = ? AND ${LISTED}`),
      listGuild: db.prepare<[string], unknown>(`SELECT * FROM feeds WHERE guild_id = ? AND ${LISTED} ORDER BY created_at, id`),
      listGlobal: db.prepare<[], unknown>(`SELECT * FROM feeds WHERE guild_id IS NULL AND ${LISTED} ORDER BY created_at, id`),
      listAll: db.prepare<[], unknown>(`SELECT * FROM feeds WHERE ${LISTED} ORDER BY guild_id IS NOT NULL, guild_id, created_at, id`),
      counts: db.prepare<[string], { feed_id: string; n: number }>(
        'SELECT feed_id, count(DISTINCT article_id) AS n FROM feed_entries WHERE feed_id IN (SELECT value FROM json_each(?)) GROUP BY feed_id',
      ),
      pending: db.prepare('INSERT INTO feed_entries (feed_id, identity, entry_key, article_id, content_hash) VALUES (?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING'),
      record: db.prepare(`INSERT INTO feed_entries (feed_id, identity, entry_key, article_id, content_hash) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (feed_id, identity) DO UPDATE SET entry_key = excluded.entry_key, article_id = excluded.article_id, content_hash = excluded.content_hash`),
      known: db.prepare<[string, string], EntryRow>(
        'SELECT identity, entry_key, article_id, content_hash FROM feed_entries WHERE feed_id = ? AND identity IN (SELECT value FROM json_each(?))',
      ),
      articleIds: db.prepare<[string, string, number], string>(
        'SELECT DISTINCT article_id FROM feed_entries WHERE feed_id = ? AND article_id > ? ORDER BY article_id LIMIT ?',
      ).pluck(),
      markRemoved: db.prepare(`UPDATE feeds SET removed_at = ? WHERE id = ? AND ${LISTED}`),
      purge: db.prepare('DELETE FROM feeds WHERE id = ? AND removed_at IS NOT NULL AND lease_owner = ?'),
      free: db.prepare<{ now: number; limit: number }, { id: string }>(`SELECT id FROM feeds WHERE ${DUE_AT} <= @now AND ${FREE}
        ORDER BY ${DUE_AT}, id LIMIT @limit`),
      lease: db.prepare<{ id: string; owner: string; until: number }, unknown>('UPDATE feeds SET lease_owner = @owner, lease_until = @until WHERE id = @id RETURNING *'),
      leaseOne: db.prepare<{ id: string; owner: string; now: number; until: number }, unknown>(
        `UPDATE feeds SET lease_owner = @owner, lease_until = @until WHERE id = @id AND ${FREE} RETURNING *`,
      ),
      renew: db.prepare('UPDATE feeds SET lease_until = @until WHERE id = @id AND lease_owner = @owner'),
      release: db.prepare('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner'),
      nextDue: db.prepare<[], { at: number | null }>(`SELECT min(max(${DUE_AT}, coalesce(lease_until, 0))) AS at FROM feeds`),
    };
  }

  private parse(rows: readonly unknown[]): Feed[] {
    return readFeeds(rows, rowSchema, this.logger);
  }

  private one(row: unknown): Feed | undefined {
    return row ? this.parse([row])[0] : undefined;
  }

  async create(feed: NewFeed, { limit, lease }: CreateFeedOptions): Promise<CreateFeedResult> {
    return this.db.transaction((): CreateFeedResult => {
      const existing = this.one(this.s.byUrl.get({ guildId: feed.guildId, url: feed.url }));
      if (existing) return { kind: 'duplicate', existing };
      if (feed.guildId !== null && (this.s.countGuild.get(feed.guildId)?.n ?? 0) >= limit) return { kind: 'full', limit };
      const inserted = this.s.insert.run({
        ...feed,
        fullText: feed.fullText ? 1 : 0,
        nextFetchAt: feed.nextFetchAt.getTime(),
        createdAt: feed.createdAt.getTime(),
        leaseOwner: lease?.owner ?? null,
        leaseUntil: lease?.until.getTime() ?? null,
      });
      if (inserted.changes === 0) return { kind: 'id-taken' };
      return { kind: 'created', feed: this.one(this.s.get.get(feed.id))! };
    }).immediate();
  }

  async get(id: string): Promise<Feed | undefined> {
    return this.one(this.s.get.get(id));
  }

  async list(guildId: string | null): Promise<Feed[]> {
    return this.parse(guildId === null ? this.s.listGlobal.all() : this.s.listGuild.all(guildId));
  }

  async listAll(): Promise<Feed[]> {
    return this.parse(this.s.listAll.all());
  }

  async articleCounts(ids: readonly string[]): Promise<Map<string, number>> {
    return new Map(this.s.counts.all(JSON.stringify(ids)).map((row) => [row.feed_id, row.n]));
  }

  async recordPending(feedId: string, records: readonly EntryRecord[]): Promise<void> {
    this.db.transaction(() => {
      for (const record of records) this.s.pending.run(feedId, record.identity, record.key, record.articleId);
    })();
  }

  async knownEntries(feedId: string, identities: readonly string[]): Promise<Map<string, EntryRecord>> {
    const rows = this.s.known.all(feedId, JSON.stringify(identities));
    return new Map(rows.map((row) => [row.identity, { identity: row.identity, key: row.entry_key, articleId: row.article_id, contentHash: row.content_hash }]));
  }

  async articleIds(feedId: string, after: string, limit: number): Promise<string[]> {
    return this.s.articleIds.all(feedId, after, limit);
  }

  async update(id: string, patch: FeedPatch): Promise<void> {
    this.patch(id, patch, null);
  }

  async markRemoved(id: string, now: Date): Promise<boolean> {
    return this.s.markRemoved.run(now.getTime(), id).changes > 0;
  }

  async purge(id: string, owner: string): Promise<boolean> {
    return this.s.purge.run(id, owner).changes > 0;
  }

  async claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Feed[]> {
    const until = now.getTime() + leaseMs;
    const rows = this.db.transaction(() =>
      this.s.free.all({ now: now.getTime(), limit }).map(({ id }) => this.s.lease.get({ id, owner, until })),
    ).immediate();
    // A row that cannot be read stays leased and unreturned until the lease ends: one warning per lease.
    return this.parse(rows);
  }

  async leaseOne(id: string, now: Date, owner: string, leaseMs: number): Promise<Feed | undefined> {
    return this.one(this.s.leaseOne.get({ id, owner, now: now.getTime(), until: now.getTime() + leaseMs }));
  }

  async renewLease(id: string, owner: string, until: Date): Promise<boolean> {
    return this.s.renew.run({ id, owner, until: until.getTime() }).changes > 0;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    this.s.release.run({ id, owner });
  }

  async finishFetch(id: string, owner: string, patch: FeedPatch, records: readonly EntryRecord[]): Promise<boolean> {
    return this.db.transaction(() => {
      if (!this.patch(id, patch, owner)) return false;
      for (const record of records) this.s.record.run(id, record.identity, record.key, record.articleId, record.contentHash);
      return true;
    }).immediate();
  }

  async nextDueAt(): Promise<Date | undefined> {
    const at = this.s.nextDue.get()?.at;
    return at === null || at === undefined ? undefined : new Date(at);
  }

  private patch(id: string, patch: FeedPatch, owner: string | null): boolean {
    return this.patches.apply(id, feedPatchColumns(patch), owner);
  }
}
