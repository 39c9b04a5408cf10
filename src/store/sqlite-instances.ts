// Bot processes on one SQLite file (see instances.ts).
import type { Database } from './database.js';
import type { InstancesStore } from './instances.js';

export class SqliteInstances implements InstancesStore {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      beat: db.prepare('INSERT INTO instances (owner, seen_at) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at'),
      count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM instances WHERE seen_at >= ?'),
      leave: db.prepare('DELETE FROM instances WHERE owner = ?'),
    };
  }

  async beat(owner: string, at: Date): Promise<void> {
    this.statements.beat.run(owner, at.getTime());
  }

  async countSince(since: Date): Promise<number> {
    return this.statements.count.get(since.getTime())?.n ?? 0;
  }

  async leave(owner: string): Promise<void> {
    this.statements.leave.run(owner);
  }
}
