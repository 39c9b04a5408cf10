// The publish queue in PostgreSQL (see the SQLite store for what each call means). A channel's posts
// are published in order; due_at is when the channel may be tried again.
import type pg from 'pg';
import type { PublishBacklog, PublishQueueStore, PublishRequest, QueuedPublish } from '../../scheduler/types.js';
import { inTransaction, type Pool } from './pool.js';

interface Row {
  channel_id: string;
  message_id: string;
  guild_id: string | null;
  schedule_id: string | null;
  article_id: string;
  queued_at: Date;
  due_at: Date;
  attempts: number;
  last_error: string | null;
  tried_at: Date | null;
}

const toQueued = (row: Row): QueuedPublish => ({
  channelId: row.channel_id,
  messageId: row.message_id,
  guildId: row.guild_id,
  scheduleId: row.schedule_id,
  articleId: row.article_id,
  queuedAt: row.queued_at,
  dueAt: row.due_at,
  attempts: row.attempts,
  lastError: row.last_error,
  triedAt: row.tried_at,
});

/** Queues a post behind the channel's limit when it is waiting for one; once per message. */
export async function enqueuePublish(db: Pool | pg.PoolClient, channelId: string, messageId: string, request: PublishRequest, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO publish_queue (channel_id, message_id, guild_id, schedule_id, article_id, queued_at, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, greatest($6, coalesce((SELECT max(due_at) FROM publish_queue WHERE channel_id = $1), $6)))
     ON CONFLICT DO NOTHING`,
    [channelId, messageId, request.guildId, request.scheduleId, request.articleId, at],
  );
}

export class PgPublishQueue implements PublishQueueStore {
  constructor(private readonly pool: Pool) {}

  async enqueue(channelId: string, messageId: string, request: PublishRequest, at: Date): Promise<void> {
    await enqueuePublish(this.pool, channelId, messageId, request, at);
  }

  async due(now: Date, limit: number): Promise<QueuedPublish[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM publish_queue WHERE due_at <= $1 ORDER BY channel_id COLLATE "C", queued_at, message_id COLLATE "C" LIMIT $2', [now, limit]);
    return rows.map(toQueued);
  }

  async nextDueAt(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ at: Date | null }>('SELECT min(due_at) AS at FROM publish_queue');
    return rows[0]?.at ?? undefined;
  }

  async trying(channelId: string, messageId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE publish_queue SET tried_at = $3 WHERE channel_id = $1 AND message_id = $2', [channelId, messageId, at]);
  }

  async published(channelId: string, messageId: string, at: Date): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM publish_queue WHERE channel_id = $1 AND message_id = $2', [channelId, messageId]);
      await client.query('UPDATE deliveries SET published_at = $3 WHERE channel_id = $1 AND message_id = $2', [channelId, messageId, at]);
    });
  }

  async drop(channelId: string, messageId: string): Promise<void> {
    await this.pool.query('DELETE FROM publish_queue WHERE channel_id = $1 AND message_id = $2', [channelId, messageId]);
  }

  async postpone(channelId: string, headMessageId: string, until: Date, error: string | null): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('UPDATE publish_queue SET due_at = greatest(due_at, $2) WHERE channel_id = $1', [channelId, until]);
      // A wait for the limit (no error) is no failed try: it does not lengthen the backoff.
      await client.query(
        `UPDATE publish_queue SET attempts = attempts + (CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END), last_error = $3,
           tried_at = (CASE WHEN $3::text IS NULL THEN NULL ELSE tried_at END)
         WHERE channel_id = $1 AND message_id = $2`,
        [channelId, headMessageId, error],
      );
    });
  }

  async backlog(scheduleId: string): Promise<PublishBacklog> {
    const { rows } = await this.pool.query<{ n: number; next: Date | null }>('SELECT count(*)::integer AS n, min(due_at) AS next FROM publish_queue WHERE schedule_id = $1', [scheduleId]);
    const count = rows[0]?.n ?? 0;
    if (count === 0) return { count: 0, nextAt: null, lastError: null };
    const failed = await this.pool.query<{ last_error: string }>('SELECT last_error FROM publish_queue WHERE schedule_id = $1 AND last_error IS NOT NULL ORDER BY queued_at LIMIT 1', [scheduleId]);
    return { count, nextAt: rows[0]?.next ?? null, lastError: failed.rows[0]?.last_error ?? null };
  }

  async find(channelId: string, messageId: string): Promise<QueuedPublish | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM publish_queue WHERE channel_id = $1 AND message_id = $2', [channelId, messageId]);
    return rows[0] ? toQueued(rows[0]) : undefined;
  }
}
