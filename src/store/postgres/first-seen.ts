// When the bot first saw each article id, in PostgreSQL. The ids go as one array parameter, so a
// start-up over thousands of articles is one statement, whole or not at all; when two processes stamp
// the same id, the key keeps the first and both read that one back.
import type { FirstSeenStore } from '../../scheduler/types.js';
import type { Pool } from './pool.js';

export class PgFirstSeen implements FirstSeenStore {
  constructor(private readonly pool: Pool) {}

  async stamp(ids: readonly string[], at: Date): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    await this.pool.query('INSERT INTO article_first_seen (article_id, first_seen_at) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING', [ids, at]);
    return this.lookup(ids);
  }

  async lookup(ids: readonly string[]): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ article_id: string; first_seen_at: Date }>(
      'SELECT article_id, first_seen_at FROM article_first_seen WHERE article_id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.article_id, row.first_seen_at]));
  }
}
