// Handled interactions in PostgreSQL: the primary key lets exactly one process claim each id.
import type { InteractionsStore } from '../interactions.js';
import type { Pool } from './pool.js';

export class PgInteractions implements InteractionsStore {
  constructor(private readonly pool: Pool) {}

  async claim(interactionId: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query('INSERT INTO handled_interactions (interaction_id, handled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [interactionId, at]);
    return rowCount === 1;
  }

  async prune(olderThan: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM handled_interactions WHERE handled_at < $1', [olderThan]);
    return rowCount ?? 0;
  }
}
