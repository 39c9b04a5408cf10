// The delivery record behind "never twice": one row per (channel, article), claimed before sending.
import type { DeliveriesStore, Delivery, DeliveryState, NewClaim, PostProgress, PublishRequest } from '../scheduler/types.js';
import type { Database } from './database.js';

interface Row {
  channel_id: string;
  article_id: string;
  schedule_id: string | null;
  nonce: string;
  state: DeliveryState;
  claimed_at: number;
  message_id: string | null;
  thread_id: string | null;
  published_at: number | null;
  reason: string | null;
  mention_role: string | null;
}

const toDelivery = (row: Row): Delivery => ({
  channelId: row.channel_id,
  articleId: row.article_id,
  scheduleId: row.schedule_id,
  nonce: row.nonce,
  state: row.state,
  claimedAt: new Date(row.claimed_at),
  messageId: row.message_id,
  threadId: row.thread_id,
  publishedAt: row.published_at === null ? null : new Date(row.published_at),
  reason: row.reason,
  mentionRoleId: row.mention_role,
});

export class SqliteDeliveries implements DeliveriesStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    const columns = 'channel_id, article_id, schedule_id, nonce, state, claimed_at, message_id, thread_id, published_at, reason, mention_role';
    this.statements = {
      claimed: db.prepare<[string], { article_id: string }>('SELECT article_id FROM deliveries WHERE channel_id = ?'),
      pending: db.prepare<[string], Row>(`SELECT ${columns} FROM deliveries WHERE channel_id = ? AND state = 'pending' ORDER BY claimed_at, article_id`),
      get: db.prepare<[string, string], Row>(`SELECT ${columns} FROM deliveries WHERE channel_id = ? AND article_id = ?`),
      claim: db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, claimed_at, mention_role)
        VALUES (@channelId, @articleId, @scheduleId, @nonce, 'pending', @claimedAt, @mentionRoleId) ON CONFLICT DO NOTHING`),
      recordSent: db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at)
        VALUES (@channelId, @articleId, @scheduleId, @nonce, 'sent', @messageId, @claimedAt, @claimedAt) ON CONFLICT DO NOTHING`),
      sent: db.prepare(`UPDATE deliveries SET state = 'sent', message_id = @messageId, sent_at = @at, thread_id = coalesce(@threadId, thread_id)
        WHERE channel_id = @channelId AND article_id = @articleId`),
      progress: db.prepare(`UPDATE deliveries SET message_id = @messageId, thread_id = coalesce(@threadId, thread_id)
        WHERE channel_id = @channelId AND article_id = @articleId AND state = 'pending'`),
      enqueue: db.prepare(`INSERT INTO publish_queue (channel_id, message_id, guild_id, schedule_id, article_id, queued_at, due_at)
        VALUES (@channelId, @messageId, @guildId, @scheduleId, @articleId, @at,
          -- Behind the channel's limit when it is waiting for one.
          max(@at, coalesce((SELECT max(due_at) FROM publish_queue WHERE channel_id = @channelId), @at))) ON CONFLICT DO NOTHING`),
      // A claim whose post exists is never skipped or released: that would let the article go out again.
      skipped: db.prepare("UPDATE deliveries SET state = 'skipped', reason = ? WHERE channel_id = ? AND article_id = ? AND state = 'pending' AND message_id IS NULL"),
      release: db.prepare("DELETE FROM deliveries WHERE channel_id = ? AND article_id = ? AND state = 'pending' AND message_id IS NULL"),
      countPending: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE state = 'pending'"),
    };
  }

  async claimedArticleIds(channelId: string): Promise<Set<string>> {
    return new Set(this.statements.claimed.all(channelId).map((row) => row.article_id));
  }

  async pending(channelId: string): Promise<Delivery[]> {
    return this.statements.pending.all(channelId).map(toDelivery);
  }

  async get(channelId: string, articleId: string): Promise<Delivery | undefined> {
    const row = this.statements.get.get(channelId, articleId);
    return row ? toDelivery(row) : undefined;
  }

  async claim(claim: NewClaim): Promise<boolean> {
    return this.statements.claim.run({ ...claim, mentionRoleId: claim.mentionRoleId ?? null, claimedAt: claim.claimedAt.getTime() }).changes > 0;
  }

  async markSent(channelId: string, articleId: string, messageId: string, at: Date, extra: { threadId?: string | null; publish?: PublishRequest } = {}): Promise<void> {
    const { publish } = extra;
    this.db.transaction(() => {
      this.statements.sent.run({ channelId, articleId, messageId, at: at.getTime(), threadId: extra.threadId ?? null });
      if (publish) this.statements.enqueue.run({ channelId, messageId, guildId: publish.guildId, scheduleId: publish.scheduleId, articleId: publish.articleId, at: at.getTime() });
    }).immediate();
  }

  async recordProgress(channelId: string, articleId: string, progress: PostProgress): Promise<void> {
    this.statements.progress.run({ channelId, articleId, messageId: progress.messageId, threadId: progress.threadId });
  }

  async recordSent(claim: NewClaim, messageId: string): Promise<void> {
    this.statements.recordSent.run({ ...claim, messageId, claimedAt: claim.claimedAt.getTime() });
  }

  async markSkipped(channelId: string, articleId: string, reason: string): Promise<void> {
    this.statements.skipped.run(reason, channelId, articleId);
  }

  async release(channelId: string, articleId: string): Promise<void> {
    this.statements.release.run(channelId, articleId);
  }

  async countPending(): Promise<number> {
    return this.statements.countPending.get()?.n ?? 0;
  }
}
