// Writes to the SQLite catalog: a source's batch of changes in one IMMEDIATE transaction, so the
// article rows, their index entries, the vocabulary counts and the source's file records never
// disagree, and a second process writing at the same time waits for the lock instead of interleaving.
// Unique keys decide every race: the first sighting of an id is an insert that does nothing when the
// id is known, and an upsert replaces the row by id.
import type { Database, Statement } from 'better-sqlite3';
import { indexTokens } from '../../core/catalog-text.js';
import type { Article } from '../../core/article.js';
import { contentHash, refHashOf } from './content-hash.js';
import type { BatchResult, IncomingArticle, SourceFile, SourceOp, UpsertOutcome } from './types.js';
import { countDistinct, SqliteVocabulary } from './sqlite-vocabulary.js';

export { contentHash };

interface IndexedRow {
  key: number;
  published_at: number;
  id: string;
  title: string;
  body: string;
  content_hash: string;
  origin: string;
  guild_id: string | null;
}

type Row = Record<string, unknown>;

/**
 * The published time of an undated article: its first sighting, which never moves. An article whose
 * sighting is the backlog's (time 0) is dated when it was actually read instead (never 1970): the date
 * it was stored with, else the time this source saw it.
 */
function undatedPublished(firstSeenAt: number, current: { published_at: number } | undefined, seenAt: Date): number {
  if (firstSeenAt !== 0) return firstSeenAt;
  return current?.published_at ?? seenAt.getTime();
}

export class SqliteCatalogWrites {
  private readonly vocabulary: SqliteVocabulary;
  private readonly s: Record<'sight' | 'sightBacklog' | 'key' | 'current' | 'nextRows' | 'dropWords' | 'dropTitles' | 'putWords' | 'putTitles' | 'putArticle' | 'dropArticle' | 'dropSummaries' | 'putFile' | 'dropFile', Statement<unknown[], Row>>;

  constructor(private readonly db: Database) {
    this.vocabulary = new SqliteVocabulary(db);
    const prepare = (sql: string) => db.prepare<unknown[], Row>(sql);
    this.s = {
      // Inside the write transaction, so the latest sighting read here is the latest there is. A new id
      // is never seen before the one before it (a process whose clock is behind takes the latest time),
      // so key order follows first sightings; ties are ordered by the queue itself. Sightings never run
      // ahead of the clock, so a schedule made after an import finds every imported article old.
      sight: prepare(`INSERT INTO article_keys (id, first_seen_at)
        SELECT @id, max(@seen, coalesce((SELECT max(first_seen_at) FROM article_keys), 0))
        WHERE NOT EXISTS (SELECT 1 FROM article_keys WHERE id = @id)`),
      // A backlog's sighting is time 0, before every schedule's newSince: its key breaks the key order
      // above, which is safe because every queue scan also requires first_seen_at after the schedule's
      // start (see sqlite-queue.ts), and time 0 never is.
      sightBacklog: prepare('INSERT INTO article_keys (id, first_seen_at) VALUES (@id, 0) ON CONFLICT (id) DO NOTHING'),
      key: prepare('SELECT key, first_seen_at FROM article_keys WHERE id = ?'),
      current: prepare('SELECT key, id, published_at, title, body, content_hash, origin, guild_id FROM articles WHERE id = ?'),
      nextRows: prepare('SELECT key, id, published_at, title, body, content_hash, origin, guild_id FROM articles WHERE key > ? ORDER BY key LIMIT ?'),
      dropWords: prepare('DELETE FROM article_words WHERE rowid = ?'),
      dropTitles: prepare('DELETE FROM article_titles WHERE rowid = ?'),
      putWords: prepare('INSERT INTO article_words (rowid, title, body, ref) VALUES (?, ?, ?, ?)'),
      putTitles: prepare('INSERT INTO article_titles (rowid, title, ref) VALUES (?, ?, ?)'),
      putArticle: prepare(`INSERT OR REPLACE INTO articles (key, id, origin, guild_id, title, body, url, source, author, image, tags,
          published_at, first_seen_at, content_hash, ref_hash, updated_at)
        VALUES (@key, @id, @origin, @guildId, @title, @body, @url, @source, @author, @image, @tags,
          @publishedAt, @firstSeenAt, @contentHash, @refHash, @updatedAt)`),
      dropArticle: prepare('DELETE FROM articles WHERE key = ?'),
      dropSummaries: prepare('DELETE FROM article_summaries WHERE article_id = ? AND content_hash <> ?'),
      putFile: prepare(`INSERT OR REPLACE INTO source_files (origin, path, article_id, size, mtime_ms, hash, state, reason)
        VALUES (@origin, @path, @articleId, @size, @mtimeMs, @hash, @state, @reason)`),
      dropFile: prepare('DELETE FROM source_files WHERE origin = ? AND path = ?'),
    };
  }

  apply(origin: string, ops: readonly SourceOp[], now: Date): BatchResult {
    const result: BatchResult = { upserts: [], removed: [] };
    const deltas = new Map<string, number>();
    this.db
      .transaction(() => {
        // New ids are sighted first, in queue order (time seen, then published, then id), so a batch's
        // keys and sighting times follow the order schedules post them in.
        const incoming = ops.flatMap((op) => (op.op === 'put-article' ? [op.incoming] : []));
        incoming.sort((a, b) => a.seenAt.getTime() - b.seenAt.getTime() || a.article.publishedAt.getTime() - b.article.publishedAt.getTime() || (a.article.id < b.article.id ? -1 : 1));
        for (const { article, seenAt, backlog } of incoming) {
          if (backlog) this.s.sightBacklog.run({ id: article.id });
          else this.s.sight.run({ id: article.id, seen: seenAt.getTime() });
        }
        // (An undated article's published time is its sighting, so it sorts by its place in the batch.)
        for (const op of ops) {
          if (op.op === 'put-article') result.upserts.push({ id: op.incoming.article.id, outcome: this.put(origin, op.incoming, now, deltas) });
          else if (op.op === 'drop-article') {
            if (this.drop(op.id, deltas)) result.removed.push(op.id);
          } else if (op.op === 'put-file') this.putFile(origin, op.file);
          else this.s.dropFile.run(origin, op.path);
        }
        this.vocabulary.apply(deltas);
      })
      .immediate();
    return result;
  }

  private put(origin: string, incoming: IncomingArticle, now: Date, deltas: Map<string, number>): UpsertOutcome {
    const { guildId = null } = incoming;
    // The first process to see an id recorded its sighting (in apply); everyone else reads that one.
    const { key, first_seen_at: firstSeenAt } = this.s.key.get(incoming.article.id) as { key: number; first_seen_at: number };
    const current = this.s.current.get(incoming.article.id) as IndexedRow | undefined;
    const article = incoming.undated ? { ...incoming.article, publishedAt: new Date(undatedPublished(firstSeenAt, current, incoming.seenAt)) } : incoming.article;
    const hash = contentHash(article);
    if (current && current.content_hash === hash && current.origin === origin && current.guild_id === guildId) return 'unchanged';
    if (current) this.unindex(current, deltas);
    this.index(key, article, deltas);
    this.s.putArticle.run({
      key,
      id: article.id,
      origin,
      guildId,
      title: article.title,
      body: article.body,
      url: article.url ?? null,
      source: article.source ?? null,
      author: article.author ?? null,
      image: article.image ?? null,
      tags: JSON.stringify(article.tags),
      publishedAt: article.publishedAt.getTime(),
      firstSeenAt,
      contentHash: hash,
      refHash: refHashOf(article.id),
      updatedAt: now.getTime(),
    });
    this.s.dropSummaries.run(article.id, hash);
    return current ? 'updated' : 'added';
  }

  /**
   * Indexes the articles after `afterKey` again (at most `limit`, in key order, one transaction): their
   * old entries out, entries from the stored text in. Returns how many were done and the last key.
   */
  reindexBatch(afterKey: number, limit: number): { count: number; lastKey: number } {
    return this.db
      .transaction(() => {
        const deltas = new Map<string, number>();
        const rows = this.s.nextRows.all(afterKey, limit) as unknown as IndexedRow[];
        for (const row of rows) {
          this.unindex(row, deltas);
          this.index(row.key, row, deltas);
        }
        this.vocabulary.apply(deltas);
        return { count: rows.length, lastKey: rows.at(-1)?.key ?? afterKey };
      })
      .immediate();
  }

  /** Sets every word's article count to what the full-text index holds, which is exact by construction. */
  recountVocabulary(): number {
    return this.db
      .transaction(() => {
        this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_vocabulary USING fts5vocab(main, article_words, 'row')");
        const counts = new Map<string, number>();
        for (const { term, doc } of this.db.prepare('SELECT term, doc FROM temp.article_vocabulary').iterate() as Iterable<{ term: string; doc: number }>) counts.set(term, doc);
        const stored = this.db.prepare('SELECT term, docs FROM search_terms').all() as { term: string; docs: number }[];
        const deltas = new Map<string, number>();
        for (const { term, docs } of stored) if ((counts.get(term) ?? 0) !== docs) deltas.set(term, (counts.get(term) ?? 0) - docs);
        const known = new Set(stored.map((row) => row.term));
        for (const [term, docs] of counts) if (!known.has(term)) deltas.set(term, docs);
        this.vocabulary.apply(deltas);
        return counts.size;
      })
      .immediate();
  }

  private drop(id: string, deltas: Map<string, number>): boolean {
    const current = this.s.current.get(id) as IndexedRow | undefined;
    if (!current) return false;
    this.unindex(current, deltas);
    this.s.dropArticle.run(current.key);
    // Every stored summary is of a version that no longer exists; the first sighting stays.
    this.s.dropSummaries.run(id, '');
    return true;
  }

  /** Puts an article's words into the index and the vocabulary counts. */
  private index(key: number, article: Pick<Article, 'id' | 'title' | 'body'>, deltas: Map<string, number>): void {
    const title = indexTokens(article.title);
    const body = indexTokens(article.body);
    const ref = indexTokens(article.id);
    this.s.putWords.run(key, title.join(' '), body.join(' '), ref.join(' '));
    this.s.putTitles.run(key, title.join(' '), ref.join(' '));
    countDistinct(deltas, [title, body, ref], 1);
  }

  /** Takes an article's words out of the index and the vocabulary counts. */
  private unindex(current: IndexedRow, deltas: Map<string, number>): void {
    this.s.dropWords.run(current.key);
    this.s.dropTitles.run(current.key);
    countDistinct(deltas, [indexTokens(current.title), indexTokens(current.body), indexTokens(current.id)], -1);
  }

  private putFile(origin: string, file: SourceFile): void {
    this.s.putFile.run({ origin, ...file });
  }
}
