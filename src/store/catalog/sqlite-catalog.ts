// The article catalog in SQLite (better-sqlite3): articles, their FTS5 index and the source files'
// records in the bot's database. Reads are single statements, so they see a committed state; writes go
// through SqliteCatalogWrites, one transaction per batch. Nothing here holds articles in memory.
import type { Database } from 'better-sqlite3';
import { wordsMatching } from '../../core/catalog-text.js';
import { SqliteQueue } from './sqlite-queue.js';
import { SqliteScheduleQueries } from './sqlite-schedule-queries.js';
import { SqliteSearch } from './sqlite-search.js';
import { SqliteVocabulary } from './sqlite-vocabulary.js';
import { SqliteCatalogWrites } from './sqlite-writes.js';
import { type SourceFileRow, toSourceFile } from './source-file-row.js';
import { ARTICLE_COLUMNS, type ArticleRow, scopeParams, toArticle, VISIBLE } from './sqlite-rows.js';
import type { ArticleCatalog, BatchResult, CatalogArticle, CatalogHit, ScheduleExplanation, ScheduleView, Scope, SourceFile, SourceOp, Suggestion, WaitingAnswer, WaitingOptions } from './types.js';

/** Articles indexed again per transaction by rebuildIndex: each holds the write lock for a moment only. */
const REINDEX_BATCH = 500;

export class SqliteCatalog implements ArticleCatalog {
  private readonly writes: SqliteCatalogWrites;
  private readonly finder: SqliteSearch;
  private readonly queue: SqliteQueue;
  private readonly schedules: SqliteScheduleQueries;
  private readonly s;

  /** `options.rankDocsLimit`: see sqlite-ranking.ts (tests lower it to reach the common-word path). */
  constructor(
    private readonly db: Database,
    private readonly clock: { now(): Date } = { now: () => new Date() },
    options: { rankDocsLimit?: number } = {},
  ) {
    this.writes = new SqliteCatalogWrites(db);
    this.finder = new SqliteSearch(db, new SqliteVocabulary(db), options.rankDocsLimit);
    this.queue = new SqliteQueue(db);
    this.schedules = new SqliteScheduleQueries(db, this.queue);
    this.s = {
      count: db.prepare<{ guild: string | null }, { n: number }>(`SELECT count(*) AS n FROM articles a WHERE ${VISIBLE}`),
      countAll: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM articles'),
      get: db.prepare<{ id: string; guild: string | null }, ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = @id AND ${VISIBLE}`),
      byRefHash: db.prepare<{ hash: string; guild: string | null }, ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.ref_hash = @hash AND ${VISIBLE}`,
      ),
      latest: db.prepare<{ limit: number; guild: string | null }, ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${VISIBLE} ORDER BY a.published_at DESC, a.id LIMIT @limit`,
      ),
      pageAfter: db.prepare<{ published: number; id: string; limit: number; guild: string | null }, ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE ${VISIBLE} AND (a.published_at < @published OR (a.published_at = @published AND a.id > @id))
         ORDER BY a.published_at DESC, a.id LIMIT @limit`,
      ),
      byKey: db.prepare<[number], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.key = ?`),
      titleByKey: db.prepare<[number], { id: string; title: string }>('SELECT id, title FROM articles WHERE key = ?'),
      // Many keys at once as a JSON array: one statement instead of one per key.
      firstSeen: db.prepare<[string], { id: string; first_seen_at: number }>('SELECT id, first_seen_at FROM article_keys WHERE id IN (SELECT value FROM json_each(?))'),
      files: db.prepare<[string, string], SourceFileRow>(
        'SELECT path, article_id, size, mtime_ms, hash, state, reason FROM source_files WHERE origin = ? AND path IN (SELECT value FROM json_each(?))',
      ),
      filePage: db.prepare<[string, string, number], SourceFileRow>(
        'SELECT path, article_id, size, mtime_ms, hash, state, reason FROM source_files WHERE origin = ? AND path > ? ORDER BY path LIMIT ?',
      ),
      countFiles: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM source_files WHERE origin = ?'),
      // The comparison runs inside SQLite: a restart over a million unchanged files hands back almost nothing.
      compareFiles: db.prepare<{ origin: string; listed: string }, { path: string; known: number }>(
        `SELECT j.value ->> 0 AS path, s.path IS NOT NULL AS known FROM json_each(@listed) j
         LEFT JOIN source_files s ON s.origin = @origin AND s.path = j.value ->> 0
         WHERE s.path IS NULL OR s.size <> j.value ->> 1 OR s.mtime_ms <> j.value ->> 2 OR s.reason IS NOT NULL`,
      ),
    };
  }

  async count(scope?: Scope): Promise<number> {
    return (scope ? this.s.count.get(scopeParams(scope)) : this.s.countAll.get())?.n ?? 0;
  }

  async get(id: string, scope?: Scope): Promise<CatalogArticle | undefined> {
    const row = this.s.get.get({ id, ...scopeParams(scope) });
    return row ? toArticle(row) : undefined;
  }

  async getByRefHash(hash: string, scope?: Scope): Promise<CatalogArticle | undefined> {
    const row = this.s.byRefHash.get({ hash, ...scopeParams(scope) });
    return row ? toArticle(row) : undefined;
  }

  async latest(count: number, scope?: Scope): Promise<CatalogArticle[]> {
    return this.s.latest.all({ limit: Math.max(0, Math.trunc(count)), ...scopeParams(scope) }).map(toArticle);
  }

  async page(after: { publishedAt: Date; id: string } | undefined, limit: number, scope?: Scope): Promise<CatalogArticle[]> {
    if (!after) return this.latest(limit, scope);
    return this.s.pageAfter.all({ published: after.publishedAt.getTime(), id: after.id, limit, ...scopeParams(scope) }).map(toArticle);
  }

  async search(query: string, { limit, scope }: { limit: number; scope?: Scope }): Promise<CatalogHit[]> {
    const { hits, stems } = this.finder.search(query, limit, scopeParams(scope).guild);
    return hits.flatMap(({ key, score }) => {
      const row = this.s.byKey.get(key);
      if (!row) return [];
      const article = toArticle(row);
      return [{ article, score, terms: wordsMatching(`${article.title}\n${article.body}\n${article.id.replace(/[_-]+/g, ' ')}`, stems) }];
    });
  }

  async suggest(input: string, limit: number, scope?: Scope): Promise<Suggestion[]> {
    const guild = scopeParams(scope).guild;
    const text = input.trim();
    if (!text) return (await this.latest(limit, scope)).map(({ id, title }) => ({ id, title }));
    const out = new Map<string, Suggestion>();
    const exact = this.s.get.get({ id: text, guild });
    if (exact) out.set(exact.id, { id: exact.id, title: exact.title });
    for (const key of this.finder.suggest(text, limit, guild)) {
      const row = this.s.titleByKey.get(key);
      if (row && out.size < limit) out.set(row.id, row);
    }
    return [...out.values()].slice(0, limit);
  }

  async firstSeen(ids: readonly string[]): Promise<Map<string, Date>> {
    return new Map(this.s.firstSeen.all(JSON.stringify(ids)).map((row) => [row.id, new Date(row.first_seen_at)]));
  }

  async applyBatch(origin: string, ops: readonly SourceOp[]): Promise<BatchResult> {
    return this.writes.apply(origin, ops, this.clock.now());
  }

  async sourceFiles(origin: string, paths: readonly string[]): Promise<Map<string, SourceFile>> {
    return new Map(this.s.files.all(origin, JSON.stringify(paths)).map((row) => [row.path, toSourceFile(row)]));
  }

  async compareSourceFiles(origin: string, listed: readonly { path: string; size: number; mtimeMs: number }[]): Promise<{ changed: string[]; known: number }> {
    const rows = this.s.compareFiles.all({ origin, listed: JSON.stringify(listed.map(({ path, size, mtimeMs }) => [path, size, mtimeMs])) });
    return { changed: rows.map((row) => row.path), known: listed.length - rows.filter((row) => !row.known).length };
  }

  async forgetSourceFiles(origin: string): Promise<number> {
    return this.db.prepare("UPDATE source_files SET size = -1, hash = '' WHERE origin = ?").run(origin).changes;
  }

  async rebuildIndex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; terms: number }> {
    const total = (this.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    let done = 0;
    for (let after = 0; ; ) {
      const batch = this.writes.reindexBatch(after, REINDEX_BATCH);
      if (batch.count === 0) break;
      done += batch.count;
      after = batch.lastKey;
      onProgress?.(done, Math.max(done, total));
      // Lets other work of this process (and other processes waiting for the lock) in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const terms = this.writes.recountVocabulary();
    this.db.prepare("DELETE FROM article_summaries WHERE kind LIKE 'extractive%'").run();
    return { articles: done, terms };
  }

  async sourceFilePage(origin: string, afterPath: string, limit: number): Promise<SourceFile[]> {
    return this.s.filePage.all(origin, afterPath, limit).map(toSourceFile);
  }

  async countSourceFiles(origin: string): Promise<number> {
    return this.s.countFiles.get(origin)?.n ?? 0;
  }

  async waiting(view: ScheduleView, now: Date, limit: number, options?: WaitingOptions): Promise<WaitingAnswer> {
    return this.queue.waiting(view, now, limit, options);
  }

  async waitingCount(view: ScheduleView, now: Date, options?: { resume?: string; atMost?: number }): Promise<number> {
    return this.queue.waitingCount(view, now, options);
  }

  async backfill(view: ScheduleView, now: Date, count: number): Promise<CatalogArticle[]> {
    return this.schedules.backfill(view, now, count);
  }

  async explain(articleId: string, view: ScheduleView, now: Date): Promise<ScheduleExplanation | undefined> {
    return this.schedules.explain(articleId, view, now);
  }
}
