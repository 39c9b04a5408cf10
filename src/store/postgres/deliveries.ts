// The delivery record in PostgreSQL: one row per (channel, article), claimed before sending. The
// primary key decides who claims a pair, whichever process asks first.
import type { DeliveriesStore, Delivery, DeliveryState, NewClaim, PostProgress, PublishRequest } from '../../scheduler/types.js';
import { inTransaction, type Pool } from './pool.js';
import { enqueuePublish } from './publish-queue.js';

interface Row {
  channel_id: string;
  article_id: string;
  schedule_id: string | null;
  nonce: string;
  state: DeliveryState;
  claimed_at: Date;
  message_id: string | null;
  reason: string | null;
  mention_role: string | null;
  thread_id: string | null;
  published_at: Date | null;
}

const COLUMNS = 'channel_id, article_id, schedule_id, nonce, state, claimed_at, message_id, reason, mention_role, thread_id, published_at';

const toDelivery = (row: Row): Delivery => ({
  channelId: row.channel_id,
  articleId: row.article_id,
  scheduleId: row.schedule_id,
  nonce: row.nonce,
  state: row.state,
  claimedAt: row.claimed_at,
  messageId: row.message_id,
  reason: row.reason,
  mentionRoleId: row.mention_role,
  threadId: row.thread_id,
  publishedAt: row.published_at,
});

export class PgDeliveries implements DeliveriesStore {
  constructor(private readonly pool: Pool) {}

  async claimedArticleIds(channelId: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ article_id: string }>('SELECT article_id FROM deliveries WHERE channel_id = $1', [channelId]);
    return new Set(rows.map((row) => row.article_id));
  }

  async pending(channelId: string): Promise<Delivery[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM deliveries WHERE channel_id = $1 AND state = 'pending' ORDER BY claimed_at, article_id`, [channelId]);
    return rows.map(toDelivery);
  }

  async get(channelId: string, articleId: string): Promise<Delivery | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM deliveries WHERE channel_id = $1 AND article_id = $2`, [channelId, articleId]);
    return rows[0] ? toDelivery(rows[0]) : undefined;
  }

  async claim(claim: NewClaim): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, claimed_at, mention_role)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6) ON CONFLICT DO NOTHING`,
      [claim.channelId, claim.articleId, claim.scheduleId, claim.nonce, claim.claimedAt, claim.mentionRoleId ?? null],
    );
    return rowCount === 1;
  }

  async markSent(channelId: string, articleId: string, messageId: string, at: Date, extra: { threadId?: string | null; publish?: PublishRequest } = {}): Promise<void> {
    const { publish } = extra;
    // The queued publish and the sent mark land together, so a crash leaves both or neither.
    await inTransaction(this.pool, async (client) => {
      await client.query(
        "UPDATE deliveries SET state = 'sent', message_id = $3, sent_at = $4, thread_id = coalesce($5, thread_id) WHERE channel_id = $1 AND article_id = $2",
        [channelId, articleId, messageId, at, extra.threadId ?? null],
      );
      if (publish) await enqueuePublish(client, channelId, messageId, publish, at);
    });
  }

  async recordProgress(channelId: string, articleId: string, progress: PostProgress): Promise<void> {
    await this.pool.query(
      "UPDATE deliveries SET message_id = $3, thread_id = coalesce($4, thread_id) WHERE channel_id = $1 AND article_id = $2 AND state = 'pending'",
      [channelId, articleId, progress.messageId, progress.threadId],
    );
  }

  async recordSent(claim: NewClaim, messageId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at)
       VALUES ($1, $2, $3, $4, 'sent', $5, $6, $6) ON CONFLICT DO NOTHING`,
      [claim.channelId, claim.articleId, claim.scheduleId, claim.nonce, messageId, claim.claimedAt],
    );
  }

  async markSkipped(channelId: string, articleId: string, reason: string): Promise<void> {
    // A claim whose post exists is never skipped or released: that would let the article go out again.
    await this.pool.query("UPDATE deliveries SET state = 'skipped', reason = $3 WHERE channel_id = $1 AND article_id = $2 AND state = 'pending' AND message_id IS NULL", [channelId, articleId, reason]);
  }

  async release(channelId: string, articleId: string): Promise<void> {
    await this.pool.query("DELETE FROM deliveries WHERE channel_id = $1 AND article_id = $2 AND state = 'pending' AND message_id IS NULL", [channelId, articleId]);
  }

  async countPending(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT count(*)::integer AS n FROM deliveries WHERE state = 'pending'");
    return rows[0]?.n ?? 0;
  }
}
