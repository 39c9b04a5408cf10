// Summaries stored per article version: computed once, read back by every later request and by every
// process sharing the database. A new version of an article drops the old version's rows (see
// sqlite-writes.ts), so the table holds at most one version's summaries per article.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { SummaryStore } from './types.js';

const sentencesSchema = z.array(z.string());

export class SqliteSummaries implements SummaryStore {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      get: db.prepare<[string, string, number, string], { summary: string }>(
        'SELECT summary FROM article_summaries WHERE article_id = ? AND kind = ? AND sentences = ? AND content_hash = ?',
      ),
      // Only while that version is the stored one: a summary of an article edited meanwhile is not kept.
      put: db.prepare<[string, string, number, string, string, string, string]>(
        `INSERT OR IGNORE INTO article_summaries (article_id, kind, sentences, content_hash, summary)
         SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ? AND content_hash = ?)`,
      ),
    };
  }

  async get(articleId: string, contentHash: string, kind: string, sentences: number): Promise<string[] | undefined> {
    const row = this.statements.get.get(articleId, kind, sentences, contentHash);
    if (!row) return undefined;
    try {
      const parsed = sentencesSchema.safeParse(JSON.parse(row.summary));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async put(articleId: string, contentHash: string, kind: string, sentences: number, summary: readonly string[]): Promise<void> {
    this.statements.put.run(articleId, kind, sentences, contentHash, JSON.stringify(summary), articleId, contentHash);
  }
}
