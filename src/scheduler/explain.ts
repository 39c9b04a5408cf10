// "Why wasn't it posted?": what a schedule will do with one article. Worked out from the delivery
// record and the catalog's own answer for the schedule's queue, so it matches what the runner does.
import { type ArticleCatalog, isBacklogSighting } from '../store/catalog/types.js';
import { backfillArticles, viewOf, waitingCount } from './queue.js';
import type { Attempt, DeliveriesStore, DeliveryLog, PublishQueueStore, QueuedPublish, Schedule } from './types.js';

export type Explanation =
  | { kind: 'not-in-library' }
  | { kind: 'posted'; messageId: string | null; at: Date | null; byThisSchedule: boolean; threadId?: string | null; publish?: PublishState }
  | { kind: 'skipped'; reason: string }
  | { kind: 'pending'; since: Date; lastAttempt: Attempt | undefined; posted?: boolean }
  | { kind: 'filtered'; reason: string }
  /** `backlog`: it came with its source's first read (a feed's first fetch), which is never new. */
  | { kind: 'older'; firstSeenAt: Date; newSince: Date; backlog: boolean }
  | { kind: 'not-yet-published'; publishedAt: Date }
  | { kind: 'waiting'; position: number; of: number; backfill: boolean; paused: boolean; nextRunAt: Date };

/** Where a post of a publishing schedule is: crossposted, or waiting for its channel's limit. */
export type PublishState = { state: 'published'; at: Date } | { state: 'waiting'; queued: QueuedPublish } | { state: 'none' };

export interface ExplainDeps {
  catalog: ArticleCatalog;
  deliveries: DeliveriesStore;
  log: DeliveryLog;
  publishes: PublishQueueStore;
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

  const article = await deps.catalog.get(articleId, { guildId: schedule.guildId });
  if (!article) return { kind: 'not-in-library' };
  const view = viewOf(schedule, now);
  const paused = schedule.pausedReason !== null;
  const nextRunAt = schedule.retryAt ?? schedule.nextRunAt;
  const backfill = await backfillArticles(schedule, deps.catalog, deps.deliveries, now);
  const inBackfill = backfill.findIndex((a) => a.id === articleId);
  if (inBackfill !== -1) return { kind: 'waiting', position: inBackfill + 1, of: await waitingCount(schedule, deps.catalog, deps.deliveries, now), backfill: true, paused, nextRunAt };
  const answer = await deps.catalog.explain(articleId, view, now);
  if (!answer) return { kind: 'not-in-library' };
  if (answer.filterMismatch) return { kind: 'filtered', reason: answer.filterMismatch };
  if (!answer.newSinceSchedule) return { kind: 'older', firstSeenAt: answer.firstSeenAt, newSince: view.newSince, backlog: isBacklogSighting(answer.firstSeenAt) };
  if (!answer.published) return { kind: 'not-yet-published', publishedAt: article.publishedAt };
  // Its place counts the backfill, which goes out first.
  const position = backfill.length + (answer.queuePosition ?? 1);
  return { kind: 'waiting', position, of: Math.max(position, await waitingCount(schedule, deps.catalog, deps.deliveries, now)), backfill: false, paused, nextRunAt };
}
