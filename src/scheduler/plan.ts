// Which articles a scheduled run posts: those not yet delivered to (or claimed for) the channel,
// newest first, at most `count`, limited to a search when the schedule has a query. Pure, so the bench
// can plan thousands of due schedules at once and check that no (channel, article) pair repeats.
import type { Article } from '../core/article.js';
import type { ArticleLibrary } from '../core/library.js';

/** How many search hits a query-limited schedule considers; far more than a run ever posts. */
const QUERY_HITS = 200;

/** Articles a schedule may post from, newest first. Cached per query for the length of one tick. */
export class CandidateCache {
  private readonly byQuery = new Map<string, readonly Article[]>();

  constructor(private readonly library: ArticleLibrary) {}

  candidates(query: string | null): readonly Article[] {
    if (!query) return this.library.all();
    let found = this.byQuery.get(query);
    if (!found) {
      found = this.library
        .search(query, QUERY_HITS)
        .map((hit) => hit.article)
        .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || a.id.localeCompare(b.id));
      this.byQuery.set(query, found);
    }
    return found;
  }
}

/** Up to `count` articles from `candidates` (newest first) that are not in `taken`. */
export function pickArticles(candidates: readonly Article[], taken: ReadonlySet<string>, count: number): Article[] {
  const picked: Article[] = [];
  for (const article of candidates) {
    if (picked.length >= count) break;
    if (!taken.has(article.id)) picked.push(article);
  }
  return picked;
}

export interface PlannedRun<S> {
  schedule: S;
  articles: Article[];
}

/**
 * Plans one tick's worth of due schedules. Two schedules posting into one channel share that
 * channel's taken set, so an article is planned for a channel at most once.
 */
export function planRuns<S extends { channelId: string; count: number; query: string | null }>(
  due: readonly S[],
  cache: CandidateCache,
  claimed: (channelId: string) => Set<string>,
): PlannedRun<S>[] {
  const taken = new Map<string, Set<string>>();
  return due.map((schedule) => {
    let set = taken.get(schedule.channelId);
    if (!set) {
      set = new Set(claimed(schedule.channelId));
      taken.set(schedule.channelId, set);
    }
    const articles = pickArticles(cache.candidates(schedule.query), set, schedule.count);
    for (const article of articles) set.add(article.id);
    return { schedule, articles };
  });
}
