// "Why wasn't it posted?": what a schedule will do with one article, and how many articles wait for
// it. Worked out from the same rules the runner follows (plan.ts), so the answer matches what happens.
import type { ArticleLibrary } from '../core/library.js';
import { CandidateCache, firstSeenOf } from './plan.js';
import type { Attempt, DeliveriesStore, DeliveryLog, PublishQueueStore, QueuedPublish, Schedule } from './types.js';

export type Explanation =
  | { kind: 'not-in-library' }
  | { kind: 'posted'; messageId: string | null; at: Date | null; byThisSchedule: boolean; threadId?: string | null; publish?: PublishState }
  | { kind: 'skipped'; reason: string }
  | { kind: 'pending'; since: Date; lastAttempt: Attempt | undefined; posted?: boolean }
  | { kind: 'filtered'; reason: string }
  | { kind: 'older'; firstSeenAt: Date; newSince: Date }
  | { kind: 'not-yet-published'; publishedAt: Date }
  | { kind: 'waiting'; position: number; of: number; backfill: boolean; paused: boolean; nextRunAt: Date };

/** Where a post of a publishing schedule is: crossposted, or waiting for its channel's limit. */
export type PublishState = { state: 'published'; at: Date } | { state: 'waiting'; queued: QueuedPublish } | { state: 'none' };

export interface ExplainDeps {
  library: ArticleLibrary;
  deliveries: DeliveriesStore;
  log: DeliveryLog;
  publishes: PublishQueueStore;
}

/** Articles waiting for the schedule's next runs: the first run's backfill and the new ones. */
export async function waitingArticles(schedule: Schedule, deps: ExplainDeps, now: Date): Promise<{ backfill: string[]; fresh: string[] }> {
  const cache = new CandidateCache(deps.library, now);
  const taken = await deps.deliveries.claimedArticleIds(schedule.channelId);
  const backfill = cache.backfillArticles(schedule, taken).map((a) => a.id);
  const fresh = cache.newArticles(schedule, new Set([...taken, ...backfill])).map((a) => a.id);
  return { backfill, fresh };
}

export async function explainArticle(schedule: Schedule, articleId: string, deps: ExplainDeps, now: Date): Promise<Explanation> {
  const delivery = await deps.deliveries.get(schedule.channelId, articleId);
  if (delivery?.state === 'sent') {
    const attempt = await deps.log.latestFor(schedule.channelId, articleId);
    const queued = delivery.messageId ? await deps.publishes.find(schedule.channelId, delivery.messageId) : undefined;
    const publish: PublishState = delivery.publishedAt ? { state: 'published', at: delivery.publishedAt } : queued ? { state: 'waiting', queued } : { state: 'none' };
    return { kind: 'posted', messageId: delivery.messageId, at: attempt?.outcome === 'posted' ? attempt.at : null, byThisSchedule: delivery.scheduleId === schedule.id, threadId: delivery.threadId, publish };
  }
  if (delivery?.state === 'skipped') return { kind: 'skipped', reason: delivery.reason ?? 'Discord refused it' };
  if (delivery?.state === 'pending') return { kind: 'pending', since: delivery.claimedAt, lastAttempt: await deps.log.latestFor(schedule.channelId, articleId), posted: delivery.messageId !== null };

  const article = deps.library.get(articleId);
  if (!article) return { kind: 'not-in-library' };
  const cache = new CandidateCache(deps.library, now);
  const mismatch = cache.mismatch(schedule.query, article);
  if (mismatch) return { kind: 'filtered', reason: mismatch };
  const waiting = await waitingArticles(schedule, deps, now);
  const queue = [...waiting.backfill, ...waiting.fresh];
  const position = queue.indexOf(articleId);
  if (position !== -1) {
    return { kind: 'waiting', position: position + 1, of: queue.length, backfill: position < waiting.backfill.length, paused: schedule.pausedReason !== null, nextRunAt: schedule.retryAt ?? schedule.nextRunAt };
  }
  const newSince = schedule.newSince ?? now;
  if (firstSeenOf(article) > newSince.getTime() && article.publishedAt.getTime() > now.getTime()) {
    return { kind: 'not-yet-published', publishedAt: article.publishedAt };
  }
  return { kind: 'older', firstSeenAt: new Date(firstSeenOf(article)), newSince };
}
