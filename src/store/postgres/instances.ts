// Bot processes on one PostgreSQL database (see ../instances.ts).
import type { InstancesStore } from '../instances.js';
import type { Pool } from './pool.js';

export class PgInstances implements InstancesStore {
  constructor(private readonly pool: Pool) {}

  async beat(owner: string, at: Date): Promise<void> {
    await this.pool.query('INSERT INTO instances (owner, seen_at) VALUES ($1, $2) ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at', [owner, at]);
  }

  async countSince(since: Date): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM instances WHERE seen_at >= $1', [since]);
    return rows[0]?.n ?? 0;
  }

  async leave(owner: string): Promise<void> {
    await this.pool.query('DELETE FROM instances WHERE owner = $1', [owner]);
  }
}
