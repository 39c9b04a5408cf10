// The article catalog: every article the bot knows, stored and searched in the database instead of
// held in memory. Sources (the articles folder now, feeds later) write into it; commands, the CLI and
// the scheduler read from it. The interface speaks the domain only, so another backend (PostgreSQL with
// its own full-text search) can implement it, and every call is asynchronous for the same reason.
import type { Article } from '../../core/article.js';
import type { Filter } from '../../core/filter.js';

/**
 * Which articles a caller may see. An article with no server is visible everywhere; one that belongs
 * to a server (a feed a server added) only there. `guildId: null` (direct messages, the CLI) sees
 * only articles visible everywhere.
 */
export interface Scope {
  guildId: string | null;
}

export const EVERYWHERE: Readonly<Scope> = Object.freeze({ guildId: null });

/** An article as stored: the article itself plus what the catalog knows about it. */
export interface CatalogArticle extends Article {
  /** Changes exactly when the article's content does: summaries are stored per version. */
  contentHash: string;
  /**
   * When the bot first saw this id. Never changes, not even after the article was deleted and restored.
   * BACKLOG_SIGHTING (time 0) for an article that came with its source's first read.
   */
  firstSeenAt: Date;
  /** Where it came from: 'folder', or 'feed:<id>' later. */
  origin: string;
  /** The server it belongs to, or null when it is visible everywhere. */
  guildId: string | null;
}

export interface CatalogHit {
  article: CatalogArticle;
  /** Higher is better; only comparable within one answer. */
  score: number;
  /** Words of the article (folded as foldTerm folds them) that matched the query, for snippets and bold. */
  terms: string[];
}

export interface Suggestion {
  id: string;
  title: string;
}

/** An article offered by a source, with the time the source saw it (the first sighting when new). */
export interface IncomingArticle {
  article: Article;
  seenAt: Date;
  guildId?: string | null;
  /**
   * The source gives no published time: the catalog dates the article by its first sighting, which
   * never moves (its `publishedAt` here is ignored). An article first seen in a backlog (sighting at
   * time 0) is dated by `seenAt` instead, once, and keeps that date.
   */
  undated?: boolean;
  /**
   * True for an article read in its source's first read (a feed's first fetch): an id new to the
   * catalog gets its first sighting recorded at time 0 (BACKLOG_SIGHTING, before every schedule's
   * newSince), so no schedule takes it as new; a schedule's backfill can still take it. An id already
   * known keeps its sighting.
   */
  backlog?: boolean;
}

/** The first sighting recorded for an article that came with its source's first read (see `backlog`). */
export const BACKLOG_SIGHTING: Readonly<Date> = new Date(0);

/** Whether a first sighting is the backlog's (the article came with its source's first read). */
export function isBacklogSighting(firstSeenAt: Date): boolean {
  return firstSeenAt.getTime() === BACKLOG_SIGHTING.getTime();
}

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/** A file a source has looked at, so the next start reads only what changed. */
export interface SourceFile {
  /** Relative to the source's root. */
  path: string;
  articleId: string | null;
  size: number;
  mtimeMs: number;
  /** Hash of the bytes read; equal bytes are never parsed again. */
  hash: string;
  /** indexed: the article's current file; bad: skipped with `reason`; shadowed: another file has the id. */
  state: 'indexed' | 'bad' | 'shadowed';
  reason: string | null;
}

/**
 * One change a source applies. A batch of them is applied atomically: after a crash the catalog holds
 * every batch that was committed and nothing of the one that was not, so a restarted import resumes
 * without losing or doubling an article.
 */
export type SourceOp =
  | { op: 'put-article'; incoming: IncomingArticle }
  | { op: 'drop-article'; id: string }
  | { op: 'put-file'; file: SourceFile }
  | { op: 'drop-file'; path: string };

export interface BatchResult {
  /** One outcome per put-article, in order. */
  upserts: { id: string; outcome: UpsertOutcome }[];
  /** Ids whose drop-article removed an article. */
  removed: string[];
}

/** What the catalog needs to know of a schedule to find its articles. */
export interface ScheduleView {
  guildId: string;
  channelId: string;
  /** Only articles first seen after this are new to the schedule (the schedule's newSince). */
  newSince: Date;
  /** Exact filter (src/core/filter.ts), or null for every article. */
  filter: Filter | null;
}

export interface WaitingOptions {
  skip?: ReadonlySet<string>;
  /** An earlier answer's `resume`, stored with the schedule. */
  resume?: string;
}

/** A waiting article as the queue knows it; read the article itself (get) when posting it. */
export interface QueuedArticle {
  id: string;
  contentHash: string;
  firstSeenAt: Date;
  publishedAt: Date;
}

export interface WaitingAnswer {
  articles: QueuedArticle[];
  /**
   * Opaque: where the next run may start. Every article before it is settled for this schedule
   * (delivered here, filtered out, not visible, or still to be published, which is looked at again).
   */
  resume: string;
}

export interface ScheduleExplanation {
  articleId: string;
  firstSeenAt: Date;
  /** First seen after the schedule's newSince. */
  newSinceSchedule: boolean;
  /** Published at or before `now` (a future date waits). */
  published: boolean;
  /** Why the filter refuses it (filterMismatch's words), or undefined when it matches. */
  filterMismatch: string | undefined;
  deliveredHere: boolean;
  /** 1-based place in the schedule's waiting queue, or undefined when it is not waiting. */
  queuePosition: number | undefined;
}

export interface ArticleCatalog {
  count(scope?: Scope): Promise<number>;
  get(id: string, scope?: Scope): Promise<CatalogArticle | undefined>;
  /** Resolves the short hash a button uses for an id too long to fit (see core/custom-ids.ts). */
  getByRefHash(hash: string, scope?: Scope): Promise<CatalogArticle | undefined>;
  /** Newest published first, ties by id. */
  latest(count: number, scope?: Scope): Promise<CatalogArticle[]>;
  /** Newest first, a page at a time, for listings that cover the whole catalog (the CLI's list). */
  page(after: { publishedAt: Date; id: string } | undefined, limit: number, scope?: Scope): Promise<CatalogArticle[]>;
  /**
   * Ranked full-text search: articles whose title or id holds every word first, then articles holding
   * every word anywhere (bm25, the title weighted above the body); any word when no article has them
   * all. The last word also matches as a prefix, and a word with no match tolerates one typo.
   */
  search(query: string, options: { limit: number; scope?: Scope }): Promise<CatalogHit[]>;
  /** Autocomplete: the exact id, ids starting with the input, then titles (last word a prefix, one typo). */
  suggest(input: string, limit: number, scope?: Scope): Promise<Suggestion[]>;
  /** When each id was first seen (ids never seen are left out), kept after an article is deleted. */
  firstSeen(ids: readonly string[]): Promise<Map<string, Date>>;

  /** Applies a source's changes in one transaction. */
  applyBatch(origin: string, ops: readonly SourceOp[]): Promise<BatchResult>;
  /** The stored state of these files (missing paths are left out). */
  sourceFiles(origin: string, paths: readonly string[]): Promise<Map<string, SourceFile>>;
  /**
   * Of these listed files, the ones a sync must look at: unknown, of another size or time than their
   * record, or recorded with a warning (repeated at start). `known` counts those the source has a record of.
   */
  compareSourceFiles(origin: string, listed: readonly { path: string; size: number; mtimeMs: number }[]): Promise<{ changed: string[]; known: number }>;
  /**
   * Forgets what the source read of each file (its records stay, their size and hash do not), so the
   * next sync reads and parses every file again. Returns how many records there were.
   */
  forgetSourceFiles(origin: string): Promise<number>;
  /**
   * Indexes every stored article again and recounts the search vocabulary from the index, a batch per
   * transaction so the bot keeps serving meanwhile, and drops the stored extractive summaries (they
   * are computed again when asked for). For `npm run news -- reindex`.
   */
  rebuildIndex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; terms: number }>;
  /** Files of the source, a page at a time in path order. */
  sourceFilePage(origin: string, afterPath: string, limit: number): Promise<SourceFile[]>;
  countSourceFiles(origin: string): Promise<number>;

  /**
   * Articles waiting for the schedule, oldest first (first seen, then published, then id), at most
   * `limit`, leaving out ids in `skip` (planned for the channel earlier in the same pass). Pass the
   * previous answer's `resume` to start where the last run left off instead of re-reading every article
   * the schedule has already delivered; start over (no `resume`) when the schedule's filter changes.
   */
  waiting(view: ScheduleView, now: Date, limit: number, options?: WaitingOptions): Promise<WaitingAnswer>;
  /** How many articles wait, counted up to `atMost` (default 1000) so a long queue costs no more than that. */
  waitingCount(view: ScheduleView, now: Date, options?: { resume?: string; atMost?: number }): Promise<number>;
  /**
   * The newest `count` matching articles already seen at the schedule's newSince (its first run's
   * backfill), newest first, whether or not they were delivered to the channel since.
   */
  backfill(view: ScheduleView, now: Date, count: number): Promise<CatalogArticle[]>;
  /** Why an article is or is not posted by the schedule; undefined when the catalog does not hold it. */
  explain(articleId: string, view: ScheduleView, now: Date): Promise<ScheduleExplanation | undefined>;
}

/** Summaries stored per article version, so each is computed once (extractive now, a model's later). */
export interface SummaryStore {
  get(articleId: string, contentHash: string, kind: string, sentences: number): Promise<string[] | undefined>;
  put(articleId: string, contentHash: string, kind: string, sentences: number, summary: readonly string[]): Promise<void>;
}
