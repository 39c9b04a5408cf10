// What a schedule posts, asked of the database: articles first seen after the schedule was created,
// already published, visible in its server, passing its exact filter and not yet delivered to its
// channel, oldest first. The filter runs on the FTS5 index of filterTokens text, so it selects exactly
// what matchesFilter accepts; the delivery check is the deliveries table's primary key.
import type { Database } from 'better-sqlite3';
import { type Filter, filterMismatch, filterText } from '../../core/filter.js';
import { ARTICLE_COLUMNS, type ArticleRow, toArticle, VISIBLE } from './sqlite-rows.js';
import type { CatalogArticle, ScheduleExplanation, ScheduleView } from './types.js';

const quotePhrase = (tokens: readonly string[]): string => `"${tokens.join(' ').replace(/"/g, '""')}"`;

/** The FTS5 expressions for a filter's required and excluded items, over title and body only (not the id). */
export function filterExpressions(filter: Filter | null): { required?: string; excluded?: string } {
  if (!filter) return {};
  const out: { required?: string; excluded?: string } = {};
  if (filter.required.length) out.required = `{title body} : (${filter.required.map((item) => quotePhrase(item.tokens)).join(' AND ')})`;
  if (filter.excluded.length) out.excluded = `{title body} : (${filter.excluded.map((item) => quotePhrase(item.tokens)).join(' OR ')})`;
  return out;
}

interface Params {
  since: number;
  now: number;
  guild: string;
  channel: string;
  required?: string;
  excluded?: string;
  [key: string]: unknown;
}

/** The conditions every query below shares, for articles aliased `a`. */
function conditions(params: Params, newSince: boolean): string {
  const parts = [
    newSince ? 'a.first_seen_at > @since' : 'a.first_seen_at <= @since',
    'a.published_at <= @now',
    VISIBLE,
    'NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.channel_id = @channel AND d.article_id = a.id)',
  ];
  if (params.required) parts.push('EXISTS (SELECT 1 FROM article_words f WHERE f.rowid = a.key AND article_words MATCH @required)');
  if (params.excluded) parts.push('NOT EXISTS (SELECT 1 FROM article_words f WHERE f.rowid = a.key AND article_words MATCH @excluded)');
  return parts.join(' AND ');
}

export class SqliteScheduleQueries {
  /** Statements by shape (which filter parts are present), prepared once each. */
  private readonly cache = new Map<string, ReturnType<Database['prepare']>>();

  constructor(private readonly db: Database) {}

  private statement(name: string, params: Params, sql: (where: string) => string, newSince = true) {
    const shape = `${name}:${params.required ? 'r' : ''}${params.excluded ? 'x' : ''}`;
    let statement = this.cache.get(shape);
    if (!statement) {
      statement = this.db.prepare(sql(conditions(params, newSince)));
      this.cache.set(shape, statement);
    }
    return statement;
  }

  private params(view: ScheduleView, now: Date, extra: Record<string, unknown> = {}): Params {
    return { since: view.createdAt.getTime(), now: now.getTime(), guild: view.guildId, channel: view.channelId, ...filterExpressions(view.filter), ...extra };
  }

  waiting(view: ScheduleView, now: Date, limit: number, skip?: ReadonlySet<string>): CatalogArticle[] {
    if (limit <= 0) return [];
    const params = this.params(view, now, { limit: limit + (skip?.size ?? 0) });
    const rows = this.statement('waiting', params, (where) =>
      `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${where} ORDER BY a.first_seen_at, a.published_at, a.id LIMIT @limit`,
    ).all(params) as ArticleRow[];
    return rows.filter((row) => !skip?.has(row.id)).slice(0, limit).map(toArticle);
  }

  /** How many articles wait, counted up to `atMost` (a long queue is shown as "at least"). */
  waitingCount(view: ScheduleView, now: Date, atMost: number): number {
    const params = this.params(view, now, { atMost });
    const row = this.statement('count', params, (where) => `SELECT count(*) AS n FROM (SELECT 1 FROM articles a WHERE ${where} LIMIT @atMost)`).get(params) as { n: number };
    return row.n;
  }

  backfill(view: ScheduleView, now: Date, count: number): CatalogArticle[] {
    if (count <= 0) return [];
    const params = this.params(view, now, { count });
    const rows = this.statement(
      'backfill',
      params,
      (where) => `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${where} ORDER BY a.published_at DESC, a.id LIMIT @count`,
      false,
    ).all(params) as ArticleRow[];
    return rows.map(toArticle);
  }

  explain(articleId: string, view: ScheduleView, now: Date): ScheduleExplanation | undefined {
    const row = this.db.prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?`).get(articleId) as ArticleRow | undefined;
    if (!row) return undefined;
    const article = toArticle(row);
    const deliveredHere = this.db.prepare('SELECT 1 FROM deliveries WHERE channel_id = ? AND article_id = ?').get(view.channelId, articleId) !== undefined;
    const explanation: ScheduleExplanation = {
      articleId,
      firstSeenAt: article.firstSeenAt,
      newSinceSchedule: row.first_seen_at > view.createdAt.getTime(),
      published: row.published_at <= now.getTime(),
      filterMismatch: view.filter ? filterMismatch(view.filter, filterText(article)) : undefined,
      deliveredHere,
      queuePosition: undefined,
    };
    const visible = row.guild_id === null || row.guild_id === view.guildId;
    if (visible && explanation.newSinceSchedule && explanation.published && !explanation.filterMismatch && !deliveredHere) {
      const params = this.params(view, now, { first: row.first_seen_at, published: row.published_at, id: row.id });
      const before = this.statement('position', params, (where) =>
        `SELECT count(*) AS n FROM articles a WHERE ${where} AND (a.first_seen_at, a.published_at, a.id) < (@first, @published, @id)`,
      ).get(params) as { n: number };
      explanation.queuePosition = before.n + 1;
    }
    return explanation;
  }
}
