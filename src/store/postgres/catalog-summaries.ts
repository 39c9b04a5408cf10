// Summaries stored per article version in PostgreSQL: computed once, read back by every later request
// and by every process sharing the database. A new version of an article drops the old version's rows
// (see catalog-writes.ts), so the table holds at most one version's summaries per article.
import { z } from 'zod';
import type { SummaryStore } from '../catalog/types.js';
import type { Pool } from './pool.js';

const sentencesSchema = z.array(z.string());

export class PgSummaries implements SummaryStore {
  constructor(private readonly pool: Pool) {}

  async get(articleId: string, contentHash: string, kind: string, sentences: number): Promise<string[] | undefined> {
    const { rows } = await this.pool.query<{ summary: unknown }>(
      'SELECT summary FROM article_summaries WHERE article_id = $1 AND kind = $2 AND sentences = $3 AND content_hash = $4',
      [articleId, kind, sentences, contentHash],
    );
    if (!rows[0]) return undefined;
    // A row edited by hand into something else is treated as missing, and computed again.
    const parsed = sentencesSchema.safeParse(rows[0].summary);
    return parsed.success ? parsed.data : undefined;
  }

  async put(articleId: string, contentHash: string, kind: string, sentences: number, summary: readonly string[]): Promise<void> {
    // Only while that version is the stored one: a summary of an article edited meanwhile is not kept.
    await this.pool.query(
      `INSERT INTO article_summaries (article_id, kind, sentences, content_hash, summary)
       SELECT $1, $2, $3, $4, $5::jsonb WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1 AND content_hash = $4)
       ON CONFLICT DO NOTHING`,
      [articleId, kind, sentences, contentHash, JSON.stringify(summary)],
    );
  }
}
