// The delivery record behind "never twice": one row per (channel, article), claimed before sending.
import type { Delivery, DeliveriesStore } from '../scheduler/types.js';
import type { Database } from './database.js';

export class SqliteDeliveries implements DeliveriesStore {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      claimed: db.prepare<[string], { article_id: string }>('SELECT article_id FROM deliveries WHERE channel_id = ?'),
      pending: db.prepare<[string], { channel_id: string; article_id: string; nonce: string; claimed_at: number }>(
        "SELECT channel_id, article_id, nonce, claimed_at FROM deliveries WHERE channel_id = ? AND state = 'pending' ORDER BY claimed_at",
      ),
      claim: db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, claimed_at)
        VALUES (@channelId, @articleId, @scheduleId, @nonce, 'pending', @claimedAt) ON CONFLICT DO NOTHING`),
      sent: db.prepare("UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ? WHERE channel_id = ? AND article_id = ?"),
      release: db.prepare("DELETE FROM deliveries WHERE channel_id = ? AND article_id = ? AND state = 'pending'"),
    };
  }

  async claimedArticleIds(channelId: string): Promise<Set<string>> {
    return new Set(this.statements.claimed.all(channelId).map((row) => row.article_id));
  }

  async pending(channelId: string): Promise<Delivery[]> {
    return this.statements.pending.all(channelId).map((row) => ({
      channelId: row.channel_id,
      articleId: row.article_id,
      nonce: row.nonce,
      state: 'pending',
      claimedAt: new Date(row.claimed_at),
    }));
  }

  async claim(delivery: Omit<Delivery, 'state'> & { scheduleId: string | null }): Promise<boolean> {
    return this.statements.claim.run({ ...delivery, claimedAt: delivery.claimedAt.getTime() }).changes > 0;
  }

  async markSent(channelId: string, articleId: string, messageId: string, at: Date): Promise<void> {
    this.statements.sent.run(messageId, at.getTime(), channelId, articleId);
  }

  async release(channelId: string, articleId: string): Promise<void> {
    this.statements.release.run(channelId, articleId);
  }
}
