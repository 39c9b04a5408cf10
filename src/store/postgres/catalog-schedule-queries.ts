// The rarer schedule questions in PostgreSQL: a new schedule's backfill (the newest matching articles
// that already existed) and why one article is or is not posted. Both run once per command, not once per
// run, so they are plain queries.
import { filterMismatch, filterText } from '../../core/filter.js';
import type { CatalogArticle, ScheduleExplanation, ScheduleView } from '../catalog/types.js';
import { filterSql } from './catalog-filter.js';
import type { PgQueue } from './catalog-queue.js';
import { ARTICLE_COLUMNS, type ArticleRow, select, toArticle, VISIBLE } from './catalog-rows.js';
import type { Pool } from './pool.js';

export class PgScheduleQueries {
  constructor(
    private readonly pool: Pool,
    private readonly queue: PgQueue,
  ) {}

  async backfill(view: ScheduleView, now: Date, count: number): Promise<CatalogArticle[]> {
    if (count <= 0) return [];
    const filter = filterSql(view.filter);
    // Delivered ones count too: the backfill is the newest `count` that were there, so a first run that
    // is interrupted and run again posts the same ones (the caller leaves out what it already posted).
    const where = ['a.first_seen_at <= $since AND a.published_at <= $now', VISIBLE, ...(filter ? [filter.condition] : [])];
    const rows = await select<ArticleRow>(
      this.pool,
      `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${where.join(' AND ')} ORDER BY a.published_at DESC, a.id LIMIT $count`,
      { since: view.newSince, now, guild: view.guildId, count, ...filter?.params },
    );
    return rows.map(toArticle);
  }

  async explain(articleId: string, view: ScheduleView, now: Date): Promise<ScheduleExplanation | undefined> {
    const [row] = await select<ArticleRow & { delivered: boolean }>(
      this.pool,
      `SELECT ${ARTICLE_COLUMNS}, EXISTS (SELECT 1 FROM deliveries d WHERE d.channel_id = $channel AND d.article_id = a.id) AS delivered
       FROM articles a WHERE a.id = $id`,
      { id: articleId, channel: view.channelId },
    );
    if (!row) return undefined;
    const article = toArticle(row);
    const explanation: ScheduleExplanation = {
      articleId,
      firstSeenAt: article.firstSeenAt,
      newSinceSchedule: article.firstSeenAt.getTime() > view.newSince.getTime(),
      published: article.publishedAt.getTime() <= now.getTime(),
      filterMismatch: view.filter ? filterMismatch(view.filter, filterText(article)) : undefined,
      deliveredHere: row.delivered,
      queuePosition: undefined,
    };
    const visible = row.guild_id === null || row.guild_id === view.guildId;
    if (visible && explanation.newSinceSchedule && explanation.published && !explanation.filterMismatch && !row.delivered) {
      // Its place is one after everything that waits before it.
      explanation.queuePosition = (await this.queue.waitingBefore(view, now, row)) + 1;
    }
    return explanation;
  }
}
