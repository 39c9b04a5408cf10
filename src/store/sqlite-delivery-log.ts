// The delivery log in SQLite: every try at posting an article, for /schedule history and why.
import type { Attempt, AttemptOutcome, AttemptResult, DeliveryLog } from '../scheduler/types.js';
import type { Database } from './database.js';

interface Row {
  id: number;
  schedule_id: string | null;
  guild_id: string | null;
  channel_id: string;
  article_id: string;
  at: number;
  outcome: AttemptOutcome;
  message_id: string | null;
  code: number | null;
  reason: string | null;
}

const toAttempt = (row: Row): Attempt => ({
  id: row.id,
  scheduleId: row.schedule_id,
  guildId: row.guild_id,
  channelId: row.channel_id,
  articleId: row.article_id,
  at: new Date(row.at),
  outcome: row.outcome,
  messageId: row.message_id,
  code: row.code,
  reason: row.reason,
});

export class SqliteDeliveryLog implements DeliveryLog {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      start: db.prepare(`INSERT INTO delivery_log (schedule_id, guild_id, channel_id, article_id, at, outcome)
        VALUES (@scheduleId, @guildId, @channelId, @articleId, @at, 'pending')`),
      finish: db.prepare('UPDATE delivery_log SET outcome = @outcome, message_id = @messageId, code = @code, reason = @reason WHERE id = @id'),
      recent: db.prepare<[string, number], Row>('SELECT * FROM delivery_log WHERE schedule_id = ? ORDER BY id DESC LIMIT ?'),
      latest: db.prepare<[string, string], Row>('SELECT * FROM delivery_log WHERE channel_id = ? AND article_id = ? ORDER BY id DESC LIMIT 1'),
    };
  }

  async start(attempt: Pick<Attempt, 'scheduleId' | 'guildId' | 'channelId' | 'articleId' | 'at'>): Promise<number> {
    return Number(this.statements.start.run({ ...attempt, at: attempt.at.getTime() }).lastInsertRowid);
  }

  async finish(id: number, result: AttemptResult): Promise<void> {
    this.statements.finish.run({ id, outcome: result.outcome, messageId: result.messageId ?? null, code: result.code ?? null, reason: result.reason ?? null });
  }

  async recent(scheduleId: string, limit: number): Promise<Attempt[]> {
    return this.statements.recent.all(scheduleId, limit).map(toAttempt);
  }

  async latestFor(channelId: string, articleId: string): Promise<Attempt | undefined> {
    const row = this.statements.latest.get(channelId, articleId);
    return row ? toAttempt(row) : undefined;
  }
}
