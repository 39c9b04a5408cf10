// The publish queue in SQLite: posts waiting to be crossposted, per channel, with when each channel may
// be tried again. Rows are written with the delivery they belong to (see SqliteDeliveries.markSent).
import type { PublishBacklog, PublishQueueStore, PublishRequest, QueuedPublish } from '../scheduler/types.js';
import type { Database } from './database.js';

interface Row {
  channel_id: string;
  message_id: string;
  guild_id: string | null;
  schedule_id: string | null;
  article_id: string;
  queued_at: number;
  due_at: number;
  attempts: number;
  last_error: string | null;
  tried_at: number | null;
}

const toQueued = (row: Row): QueuedPublish => ({
  channelId: row.channel_id,
  messageId: row.message_id,
  guildId: row.guild_id,
  scheduleId: row.schedule_id,
  articleId: row.article_id,
  queuedAt: new Date(row.queued_at),
  dueAt: new Date(row.due_at),
  attempts: row.attempts,
  lastError: row.last_error,
  triedAt: row.tried_at === null ? null : new Date(row.tried_at),
});

export class SqlitePublishQueue implements PublishQueueStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      enqueue: db.prepare(`INSERT INTO publish_queue (channel_id, message_id, guild_id, schedule_id, article_id, queued_at, due_at)
        VALUES (@channelId, @messageId, @guildId, @scheduleId, @articleId, @at,
          -- Behind the channel's limit when it is waiting for one.
          max(@at, coalesce((SELECT max(due_at) FROM publish_queue WHERE channel_id = @channelId), @at))) ON CONFLICT DO NOTHING`),
      due: db.prepare<[number, number], Row>('SELECT * FROM publish_queue WHERE due_at <= ? ORDER BY channel_id, queued_at, message_id LIMIT ?'),
      nextDue: db.prepare<[], { at: number | null }>('SELECT min(due_at) AS at FROM publish_queue'),
      remove: db.prepare('DELETE FROM publish_queue WHERE channel_id = ? AND message_id = ?'),
      published: db.prepare('UPDATE deliveries SET published_at = ? WHERE channel_id = ? AND message_id = ?'),
      postpone: db.prepare('UPDATE publish_queue SET due_at = max(due_at, @until) WHERE channel_id = @channelId'),
      // A wait for the limit (no error) is no failed try: it does not lengthen the backoff.
      head: db.prepare(`UPDATE publish_queue SET attempts = attempts + (CASE WHEN @error IS NULL THEN 0 ELSE 1 END), last_error = @error,
          tried_at = (CASE WHEN @error IS NULL THEN NULL ELSE tried_at END)
        WHERE channel_id = @channelId AND message_id = @messageId`),
      trying: db.prepare('UPDATE publish_queue SET tried_at = ? WHERE channel_id = ? AND message_id = ?'),
      backlog: db.prepare<[string], { n: number; next: number | null }>('SELECT count(*) AS n, min(due_at) AS next FROM publish_queue WHERE schedule_id = ?'),
      lastError: db.prepare<[string], { last_error: string }>('SELECT last_error FROM publish_queue WHERE schedule_id = ? AND last_error IS NOT NULL ORDER BY queued_at LIMIT 1'),
      find: db.prepare<[string, string], Row>('SELECT * FROM publish_queue WHERE channel_id = ? AND message_id = ?'),
    };
  }

  async enqueue(channelId: string, messageId: string, request: PublishRequest, at: Date): Promise<void> {
    this.statements.enqueue.run({ channelId, messageId, ...request, at: at.getTime() });
  }

  async due(now: Date, limit: number): Promise<QueuedPublish[]> {
    return this.statements.due.all(now.getTime(), limit).map(toQueued);
  }

  async nextDueAt(): Promise<Date | undefined> {
    const at = this.statements.nextDue.get()?.at;
    return at === null || at === undefined ? undefined : new Date(at);
  }

  async trying(channelId: string, messageId: string, at: Date): Promise<void> {
    this.statements.trying.run(at.getTime(), channelId, messageId);
  }

  async published(channelId: string, messageId: string, at: Date): Promise<void> {
    this.db.transaction(() => {
      this.statements.remove.run(channelId, messageId);
      this.statements.published.run(at.getTime(), channelId, messageId);
    }).immediate();
  }

  async drop(channelId: string, messageId: string): Promise<void> {
    this.statements.remove.run(channelId, messageId);
  }

  async postpone(channelId: string, headMessageId: string, until: Date, error: string | null): Promise<void> {
    this.db.transaction(() => {
      this.statements.postpone.run({ channelId, until: until.getTime() });
      this.statements.head.run({ channelId, messageId: headMessageId, error });
    }).immediate();
  }

  async backlog(scheduleId: string): Promise<PublishBacklog> {
    const row = this.statements.backlog.get(scheduleId);
    const count = row?.n ?? 0;
    if (count === 0) return { count: 0, nextAt: null, lastError: null };
    return { count, nextAt: row?.next ? new Date(row.next) : null, lastError: this.statements.lastError.get(scheduleId)?.last_error ?? null };
  }

  async find(channelId: string, messageId: string): Promise<QueuedPublish | undefined> {
    const row = this.statements.find.get(channelId, messageId);
    return row ? toQueued(row) : undefined;
  }
}
