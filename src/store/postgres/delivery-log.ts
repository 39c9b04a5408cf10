// The delivery log in PostgreSQL: every try at posting an article, for /schedule history and why.
import type { Attempt, AttemptOutcome, AttemptResult, DeliveryLog } from '../../scheduler/types.js';
import type { Pool } from './pool.js';

interface Row {
  // bigint: pg returns it as a string, since it may exceed a JS number; log ids never come close.
  id: string;
  schedule_id: string | null;
  guild_id: string | null;
  channel_id: string;
  article_id: string;
  at: Date;
  outcome: AttemptOutcome;
  message_id: string | null;
  code: number | null;
  reason: string | null;
}

const toAttempt = (row: Row): Attempt => ({
  id: Number(row.id),
  scheduleId: row.schedule_id,
  guildId: row.guild_id,
  channelId: row.channel_id,
  articleId: row.article_id,
  at: row.at,
  outcome: row.outcome,
  messageId: row.message_id,
  code: row.code,
  reason: row.reason,
});

export class PgDeliveryLog implements DeliveryLog {
  constructor(private readonly pool: Pool) {}

  async start(attempt: Pick<Attempt, 'scheduleId' | 'guildId' | 'channelId' | 'articleId' | 'at'>): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO delivery_log (schedule_id, guild_id, channel_id, article_id, at, outcome)
       VALUES ($1, $2, $3, $4, $5, 'pending') RETURNING id`,
      [attempt.scheduleId, attempt.guildId, attempt.channelId, attempt.articleId, attempt.at],
    );
    return Number(rows[0]!.id);
  }

  async finish(id: number, result: AttemptResult): Promise<void> {
    await this.pool.query('UPDATE delivery_log SET outcome = $2, message_id = $3, code = $4, reason = $5 WHERE id = $1', [
      id,
      result.outcome,
      result.messageId ?? null,
      result.code ?? null,
      result.reason ?? null,
    ]);
  }

  async recent(scheduleId: string, limit: number): Promise<Attempt[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM delivery_log WHERE schedule_id = $1 ORDER BY id DESC LIMIT $2', [scheduleId, limit]);
    return rows.map(toAttempt);
  }

  async latestFor(channelId: string, articleId: string): Promise<Attempt | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM delivery_log WHERE channel_id = $1 AND article_id = $2 ORDER BY id DESC LIMIT 1', [channelId, articleId]);
    return rows[0] ? toAttempt(rows[0]) : undefined;
  }
}
