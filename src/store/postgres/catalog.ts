// The article catalog in PostgreSQL: articles with their tsvectors (GIN-indexed), the vocabulary and
// the source files' records, in the bot's database, behind the same interface as the SQLite catalog and
// held to the same contract tests. Reads are single statements, so each sees a committed state; writes
// go through catalog-writes.ts, one transaction per batch. Nothing here holds articles in memory.
import { wordsMatching } from '../../core/catalog-text.js';
import type { ArticleCatalog, BatchResult, CatalogArticle, CatalogHit, ScheduleExplanation, ScheduleView, Scope, SourceFile, SourceOp, Suggestion, WaitingAnswer, WaitingOptions } from '../catalog/types.js';
import { PgQueue } from './catalog-queue.js';
import { type SourceFileRow, toSourceFile } from '../catalog/source-file-row.js';
import { ARTICLE_COLUMNS, type ArticleRow, guildOf, select, SOURCE_FILE_COLUMNS, toArticle, VISIBLE } from './catalog-rows.js';
import { PgScheduleQueries } from './catalog-schedule-queries.js';
import { PgSearch } from './catalog-search.js';
import { PgVocabulary } from './catalog-vocabulary.js';
import { applyCatalogBatch, recountVocabulary, reindexBatch } from './catalog-writes.js';
import type { Pool } from './pool.js';

/** Articles indexed again per transaction by rebuildIndex: each holds the writers' lock for a moment only. */
const REINDEX_BATCH = 500;

export class PgCatalog implements ArticleCatalog {
  private readonly finder: PgSearch;
  private readonly queue: PgQueue;
  private readonly schedules: PgScheduleQueries;

  constructor(
    private readonly pool: Pool,
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {
    this.finder = new PgSearch(pool, new PgVocabulary(pool));
    this.queue = new PgQueue(pool);
    this.schedules = new PgScheduleQueries(pool, this.queue);
  }

  private articles(where: string, params: Record<string, unknown>, tail = ''): Promise<CatalogArticle[]> {
    return select<ArticleRow>(this.pool, `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${where} ${tail}`, params).then((rows) => rows.map(toArticle));
  }

  async count(scope?: Scope): Promise<number> {
    const where = scope ? `WHERE ${VISIBLE}` : '';
    const [row] = await select<{ n: number }>(this.pool, `SELECT count(*)::integer AS n FROM articles a ${where}`, scope ? { guild: guildOf(scope) } : {});
    return row?.n ?? 0;
  }

  async get(id: string, scope?: Scope): Promise<CatalogArticle | undefined> {
    return (await this.articles(`a.id = $id AND ${VISIBLE}`, { id, guild: guildOf(scope) }))[0];
  }

  async getByRefHash(hash: string, scope?: Scope): Promise<CatalogArticle | undefined> {
    return (await this.articles(`a.ref_hash = $hash AND ${VISIBLE}`, { hash, guild: guildOf(scope) }))[0];
  }

  async latest(count: number, scope?: Scope): Promise<CatalogArticle[]> {
    return this.articles(VISIBLE, { guild: guildOf(scope), limit: Math.max(0, Math.trunc(count)) }, 'ORDER BY a.published_at DESC, a.id LIMIT $limit');
  }

  async page(after: { publishedAt: Date; id: string } | undefined, limit: number, scope?: Scope): Promise<CatalogArticle[]> {
    if (!after) return this.latest(limit, scope);
    return this.articles(
      `${VISIBLE} AND (a.published_at < $published OR (a.published_at = $published AND a.id > $id))`,
      { guild: guildOf(scope), published: after.publishedAt, id: after.id, limit: Math.max(0, Math.trunc(limit)) },
      'ORDER BY a.published_at DESC, a.id LIMIT $limit',
    );
  }

  async search(query: string, { limit, scope }: { limit: number; scope?: Scope }): Promise<CatalogHit[]> {
    const { hits, stems } = await this.finder.search(query, limit, guildOf(scope));
    if (hits.length === 0) return [];
    const rows = new Map((await this.articles('a.id = ANY($ids::text[])', { ids: hits.map((hit) => hit.id) })).map((article) => [article.id, article]));
    return hits.flatMap(({ id, score }) => {
      const article = rows.get(id);
      if (!article) return [];
      return [{ article, score, terms: wordsMatching(`${article.title}\n${article.body}\n${article.id.replace(/[_-]+/g, ' ')}`, stems) }];
    });
  }

  async suggest(input: string, limit: number, scope?: Scope): Promise<Suggestion[]> {
    const text = input.trim();
    if (!text) return (await this.latest(limit, scope)).map(({ id, title }) => ({ id, title }));
    const guild = guildOf(scope);
    const ids = [...new Set([text, ...(await this.finder.suggest(text, limit, guild))])];
    const rows = await select<Suggestion>(this.pool, `SELECT a.id, a.title FROM articles a WHERE a.id = ANY($ids::text[]) AND ${VISIBLE}`, { ids, guild });
    const titles = new Map(rows.map((row) => [row.id, row.title]));
    // The exact id first when there is one, then the finder's order.
    return ids.flatMap((id) => (titles.has(id) ? [{ id, title: titles.get(id)! }] : [])).slice(0, limit);
  }

  async firstSeen(ids: readonly string[]): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    const rows = await select<{ id: string; first_seen_at: Date }>(this.pool, 'SELECT id, first_seen_at FROM article_keys WHERE id = ANY($ids::text[])', { ids });
    return new Map(rows.map((row) => [row.id, row.first_seen_at]));
  }

  async applyBatch(origin: string, ops: readonly SourceOp[]): Promise<BatchResult> {
    return applyCatalogBatch(this.pool, origin, ops, this.clock.now());
  }

  async sourceFiles(origin: string, paths: readonly string[]): Promise<Map<string, SourceFile>> {
    if (paths.length === 0) return new Map();
    const rows = await select<SourceFileRow>(this.pool, `SELECT ${SOURCE_FILE_COLUMNS} FROM source_files WHERE origin = $origin AND path = ANY($paths::text[])`, { origin, paths });
    return new Map(rows.map((row) => [row.path, toSourceFile(row)]));
  }

  async compareSourceFiles(origin: string, listed: readonly { path: string; size: number; mtimeMs: number }[]): Promise<{ changed: string[]; known: number }> {
    if (listed.length === 0) return { changed: [], known: 0 };
    // The comparison runs in the server: a restart over a million unchanged files hands back almost nothing.
    const rows = await select<{ path: string; known: boolean }>(
      this.pool,
      `SELECT l.path, s.path IS NOT NULL AS known FROM json_to_recordset($listed::json) AS l(path text, size bigint, "mtimeMs" float8)
       LEFT JOIN source_files s ON s.origin = $origin AND s.path = l.path
       WHERE s.path IS NULL OR s.size <> l.size OR s.mtime_ms <> l."mtimeMs" OR s.reason IS NOT NULL`,
      { origin, listed: JSON.stringify(listed.map(({ path, size, mtimeMs }) => ({ path, size, mtimeMs }))) },
    );
    return { changed: rows.map((row) => row.path), known: listed.length - rows.filter((row) => !row.known).length };
  }

  async forgetSourceFiles(origin: string): Promise<number> {
    const { rowCount } = await this.pool.query("UPDATE source_files SET size = -1, hash = '' WHERE origin = $1", [origin]);
    return rowCount ?? 0;
  }

  async rebuildIndex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; terms: number }> {
    const total = await this.count();
    let done = 0;
    for (let after = ''; ; ) {
      const batch = await reindexBatch(this.pool, after, REINDEX_BATCH);
      if (batch.count === 0) break;
      done += batch.count;
      after = batch.lastId;
      onProgress?.(done, Math.max(done, total));
    }
    const terms = await recountVocabulary(this.pool);
    await this.pool.query("DELETE FROM article_summaries WHERE kind LIKE 'extractive%'");
    return { articles: done, terms };
  }

  async sourceFilePage(origin: string, afterPath: string, limit: number): Promise<SourceFile[]> {
    const rows = await select<SourceFileRow>(
      this.pool,
      `SELECT ${SOURCE_FILE_COLUMNS} FROM source_files WHERE origin = $origin AND path > $after ORDER BY path LIMIT $limit`,
      { origin, after: afterPath, limit },
    );
    return rows.map(toSourceFile);
  }

  async countSourceFiles(origin: string): Promise<number> {
    const [row] = await select<{ n: number }>(this.pool, 'SELECT count(*)::integer AS n FROM source_files WHERE origin = $origin', { origin });
    return row?.n ?? 0;
  }

  waiting(view: ScheduleView, now: Date, limit: number, options?: WaitingOptions): Promise<WaitingAnswer> {
    return this.queue.waiting(view, now, limit, options);
  }

  waitingCount(view: ScheduleView, now: Date, options?: { resume?: string; atMost?: number }): Promise<number> {
    return this.queue.waitingCount(view, now, options);
  }

  backfill(view: ScheduleView, now: Date, count: number): Promise<CatalogArticle[]> {
    return this.schedules.backfill(view, now, count);
  }

  explain(articleId: string, view: ScheduleView, now: Date): Promise<ScheduleExplanation | undefined> {
    return this.schedules.explain(articleId, view, now);
  }
}
