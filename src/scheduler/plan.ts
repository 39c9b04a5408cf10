// Which articles a schedule may post, and in what order. Pure, so the bench can plan thousands of due
// schedules at once and check that no (channel, article) pair repeats.
// - New only: an article is new to a schedule when the bot first saw it after the schedule's `newSince`;
//   new articles go out oldest first. Older ones are reached only by the first run's backfill.
// - Never early: an article whose published time is still ahead waits for it.
// - Exact filters: the schedule's query is an exact filter (core/filter.ts), not a search.
import type { Article } from '../core/article.js';
import { type Filter, filterMismatch, filterText, type FilterText, parseFilter } from '../core/filter.js';
import type { ArticleLibrary } from '../core/library.js';
import { lowerBound } from '../core/search-index.js';

export interface Plannable {
  channelId: string;
  count: number;
  query: string | null;
  newSince: Date | null;
  backfill: number;
}

/** When an article entered the library; articles built without one (tests, the bench) use their date. */
export function firstSeenOf(article: Article): number {
  return (article.firstSeenAt ?? article.publishedAt).getTime();
}

function byFirstSeen(a: Article, b: Article): number {
  return firstSeenOf(a) - firstSeenOf(b) || a.publishedAt.getTime() - b.publishedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The library as schedules see it, for one scheduler pass: articles in the order they entered it, and
 * each article's filter text and each query's parsed filter worked out once for the whole pass.
 */
export class CandidateCache {
  private entered: Article[] | undefined;
  private readonly filters = new Map<string, Filter | undefined>();
  private readonly texts = new WeakMap<Article, FilterText>();

  constructor(
    readonly library: ArticleLibrary,
    private readonly now: Date,
  ) {}

  /** Articles oldest first by their first sighting. */
  private inOrder(): Article[] {
    this.entered ??= [...this.library.all()].sort(byFirstSeen);
    return this.entered;
  }

  filterFor(query: string | null): Filter | undefined {
    if (!query) return undefined;
    if (!this.filters.has(query)) {
      const parsed = parseFilter(query);
      this.filters.set(query, parsed.ok ? parsed.filter : undefined);
    }
    return this.filters.get(query);
  }

  /** Why the article does not pass the schedule's filter, or undefined when it does. */
  mismatch(query: string | null, article: Article): string | undefined {
    const filter = this.filterFor(query);
    if (!filter) return undefined;
    let text = this.texts.get(article);
    if (!text) this.texts.set(article, (text = filterText(article)));
    return filterMismatch(filter, text);
  }

  /** Published by now and passing the filter: what a schedule may post at all. */
  private postable(schedule: Plannable, article: Article): boolean {
    return article.publishedAt.getTime() <= this.now.getTime() && this.mismatch(schedule.query, article) === undefined;
  }

  /** Every new article the schedule may post in this channel now, oldest first (no cut-off). */
  newArticles(schedule: Plannable, taken: ReadonlySet<string>): Article[] {
    const since = (schedule.newSince ?? this.now).getTime();
    const ordered = this.inOrder();
    const out: Article[] = [];
    for (let at = lowerBound(ordered, since + 1, firstSeenOf); at < ordered.length; at++) {
      const article = ordered[at]!;
      if (!taken.has(article.id) && this.postable(schedule, article)) out.push(article);
    }
    return out;
  }

  /**
   * The backfill still to post: of the `backfill` newest articles that were already there, those not
   * yet in the channel, oldest first. Counted before leaving out what is taken, so a first run that is
   * interrupted and run again posts the same ones, never more.
   */
  backfillArticles(schedule: Plannable, taken: ReadonlySet<string>): Article[] {
    if (schedule.backfill <= 0) return [];
    const since = (schedule.newSince ?? this.now).getTime();
    const picked: Article[] = [];
    for (const article of this.library.all()) {
      if (picked.length >= schedule.backfill) break;
      if (firstSeenOf(article) <= since && this.postable(schedule, article)) picked.push(article);
    }
    return picked.filter((article) => !taken.has(article.id)).reverse();
  }
}

export interface PlannedRun<S> {
  schedule: S;
  articles: Article[];
}

/**
 * Plans one pass's worth of due schedules: the backfill, then up to `count` new articles each. Two
 * schedules posting into one channel share that channel's taken set, so an article is planned for a
 * channel at most once.
 */
export function planRuns<S extends Plannable>(due: readonly S[], cache: CandidateCache, claimed: (channelId: string) => Set<string>): PlannedRun<S>[] {
  const taken = new Map<string, Set<string>>();
  return due.map((schedule) => {
    let set = taken.get(schedule.channelId);
    if (!set) taken.set(schedule.channelId, (set = new Set(claimed(schedule.channelId))));
    const articles = [...cache.backfillArticles(schedule, set)];
    for (const article of articles) set.add(article.id);
    for (const article of cache.newArticles(schedule, set).slice(0, schedule.count)) {
      articles.push(article);
      set.add(article.id);
    }
    return { schedule, articles };
  });
}
