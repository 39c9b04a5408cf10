// Handled interactions in SQLite: the primary key on the interaction id makes the first insert win,
// whichever process on the file gets there first.
import type { Database } from './database.js';
import type { InteractionsStore } from './interactions.js';

export class SqliteInteractions implements InteractionsStore {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      claim: db.prepare('INSERT INTO handled_interactions (interaction_id, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      prune: db.prepare('DELETE FROM handled_interactions WHERE handled_at < ?'),
    };
  }

  async claim(interactionId: string, at: Date): Promise<boolean> {
    return this.statements.claim.run(interactionId, at.getTime()).changes > 0;
  }

  async prune(olderThan: Date): Promise<number> {
    return this.statements.prune.run(olderThan.getTime()).changes;
  }
}
