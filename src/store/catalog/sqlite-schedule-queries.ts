// The rarer schedule questions: a new schedule's backfill (the newest matching articles that already
// existed) and why one article is or is not posted. Both run once per command, not once per run, so
// they favour plain queries over the queue's window tricks (see sqlite-queue.ts).
import type { Database } from 'better-sqlite3';
import { filterMismatch, filterText } from '../../core/filter.js';
import { filterExpressions } from './sqlite-filter.js';
import type { SqliteQueue } from './sqlite-queue.js';
import { ARTICLE_COLUMNS, type ArticleRow, toArticle, VISIBLE } from './sqlite-rows.js';
import type { CatalogArticle, ScheduleExplanation, ScheduleView } from './types.js';

export class SqliteScheduleQueries {
  constructor(
    private readonly db: Database,
    private readonly queue: SqliteQueue,
  ) {}

  backfill(view: ScheduleView, now: Date, count: number): CatalogArticle[] {
    if (count <= 0) return [];
    const { required, excluded } = filterExpressions(view.filter);
    // Delivered ones count too: the backfill is the newest `count` that were there, so a first run that
    // is interrupted and run again posts the same ones (the caller leaves out what it already posted).
    const where = ['a.first_seen_at <= @since AND a.published_at <= @now', VISIBLE];
    // Each set is read once per statement: a few milliseconds even for a common word.
    if (required) where.push('a.key IN (SELECT rowid FROM article_words WHERE article_words MATCH @required)');
    if (excluded) where.push('a.key NOT IN (SELECT rowid FROM article_words WHERE article_words MATCH @excluded)');
    const rows = this.db
      .prepare<Record<string, unknown>, ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${where.join(' AND ')} ORDER BY a.published_at DESC, a.id LIMIT @count`)
      .all({ since: view.newSince.getTime(), now: now.getTime(), guild: view.guildId, count, required, excluded });
    return rows.map(toArticle);
  }

  explain(articleId: string, view: ScheduleView, now: Date): ScheduleExplanation | undefined {
    const row = this.db.prepare<[string], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?`).get(articleId);
    if (!row) return undefined;
    const article = toArticle(row);
    const deliveredHere = this.db.prepare('SELECT 1 FROM deliveries WHERE channel_id = ? AND article_id = ?').get(view.channelId, articleId) !== undefined;
    const explanation: ScheduleExplanation = {
      articleId,
      firstSeenAt: article.firstSeenAt,
      newSinceSchedule: row.first_seen_at > view.newSince.getTime(),
      published: row.published_at <= now.getTime(),
      filterMismatch: view.filter ? filterMismatch(view.filter, filterText(article)) : undefined,
      deliveredHere,
      queuePosition: undefined,
    };
    const visible = row.guild_id === null || row.guild_id === view.guildId;
    if (visible && explanation.newSinceSchedule && explanation.published && !explanation.filterMismatch && !deliveredHere) {
      // Its place is one after everything that waits before it: count the queue up to it.
      const ahead = this.queue.waitingBefore(view, now, row);
      explanation.queuePosition = ahead + 1;
    }
    return explanation;
  }
}
