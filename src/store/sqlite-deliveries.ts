// The delivery record behind "never twice": one row per (channel, article), claimed before sending.
import type { DeliveriesStore, Delivery, DeliveryState, NewClaim } from '../scheduler/types.js';
import type { Database } from './database.js';

interface Row {
  channel_id: string;
  article_id: string;
  schedule_id: string | null;
  nonce: string;
  state: DeliveryState;
  claimed_at: number;
  message_id: string | null;
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
  reason: row.reason,
  mentionRoleId: row.mention_role,
});

export class SqliteDeliveries implements DeliveriesStore {
  private readonly statements;

  constructor(db: Database) {
    const columns = 'channel_id, article_id, schedule_id, nonce, state, claimed_at, message_id, reason, mention_role';
    this.statements = {
      claimed: db.prepare<[string], { article_id: string }>('SELECT article_id FROM deliveries WHERE channel_id = ?'),
      pending: db.prepare<[string], Row>(`SELECT ${columns} FROM deliveries WHERE channel_id = ? AND state = 'pending' ORDER BY claimed_at, article_id`),
      get: db.prepare<[string, string], Row>(`SELECT ${columns} FROM deliveries WHERE channel_id = ? AND article_id = ?`),
      claim: db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, claimed_at, mention_role)
        VALUES (@channelId, @articleId, @scheduleId, @nonce, 'pending', @claimedAt, @mentionRoleId) ON CONFLICT DO NOTHING`),
      recordSent: db.prepare(`INSERT INTO deliveries (channel_id, article_id, schedule_id, nonce, state, message_id, claimed_at, sent_at)
        VALUES (@channelId, @articleId, @scheduleId, @nonce, 'sent', @messageId, @claimedAt, @claimedAt) ON CONFLICT DO NOTHING`),
      sent: db.prepare("UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ? WHERE channel_id = ? AND article_id = ?"),
      skipped: db.prepare("UPDATE deliveries SET state = 'skipped', reason = ? WHERE channel_id = ? AND article_id = ? AND state = 'pending'"),
      countPending: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE state = 'pending'"),
      release: db.prepare("DELETE FROM deliveries WHERE channel_id = ? AND article_id = ? AND state = 'pending'"),
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

  async markSent(channelId: string, articleId: string, messageId: string, at: Date): Promise<void> {
    this.statements.sent.run(messageId, at.getTime(), channelId, articleId);
  }

  async recordSent(claim: NewClaim, messageId: string): Promise<void> {
    this.statements.recordSent.run({ ...claim, messageId, claimedAt: claim.claimedAt.getTime() });
  }

  async markSkipped(channelId: string, articleId: string, reason: string): Promise<void> {
    this.statements.skipped.run(reason, channelId, articleId);
  }

  async countPending(): Promise<number> {
    return this.statements.countPending.get()?.n ?? 0;
  }

  async release(channelId: string, articleId: string): Promise<void> {
    this.statements.release.run(channelId, articleId);
  }
}
