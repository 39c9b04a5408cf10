// When the bot first saw each article id, in SQLite. The first sighting is what makes an article
// "new" to a schedule, and it dates articles that carry no published time of their own.
import type { FirstSeenStore } from '../scheduler/types.js';
import type { Database } from './database.js';

/** Ids per statement: well under SQLite's limit on bound parameters. */
const CHUNK = 500;

export class SqliteFirstSeen implements FirstSeenStore {
  private readonly insert;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO article_first_seen (article_id, first_seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  }

  async stamp(ids: readonly string[], at: Date): Promise<Map<string, Date>> {
    // One transaction: a start-up over thousands of articles is one write, and a crash leaves all or none.
    return this.db.transaction(() => {
      for (const id of ids) this.insert.run(id, at.getTime());
      return this.read(ids);
    }).immediate();
  }

  async lookup(ids: readonly string[]): Promise<Map<string, Date>> {
    return this.read(ids);
  }

  private read(ids: readonly string[]): Map<string, Date> {
    const seen = new Map<string, Date>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = this.db
        .prepare<string[], { article_id: string; first_seen_at: number }>(`SELECT article_id, first_seen_at FROM article_first_seen WHERE article_id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk);
      for (const row of rows) seen.set(row.article_id, new Date(row.first_seen_at));
    }
    return seen;
  }
}
