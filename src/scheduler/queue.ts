// What a schedule asks the catalog: its view (server, channel, start of "new", exact filter), the
// articles its first run backfills, and how many wait for it. The catalog answers in the database, so a
// run costs what is new, not the size of the library.
import { parseFilter } from '../core/filter.js';
import type { ArticleCatalog, CatalogArticle, ScheduleView } from '../store/catalog/types.js';
import type { DeliveriesStore, Schedule } from './types.js';

/** The schedule as the catalog sees it; `newSince` falls back to now for a schedule not yet started. */
export function viewOf(schedule: Schedule, now: Date): ScheduleView {
  const parsed = schedule.query ? parseFilter(schedule.query) : undefined;
  return { guildId: schedule.guildId, channelId: schedule.channelId, newSince: schedule.newSince ?? now, filter: parsed?.ok ? parsed.filter : null };
}

/**
 * The backfill still to post: of the `backfill` newest articles that were already there, those not yet
 * in the channel, oldest first. Counted before leaving out what is taken, so a first run that is
 * interrupted and run again posts the same ones, never more.
 */
export async function backfillArticles(schedule: Schedule, catalog: ArticleCatalog, deliveries: DeliveriesStore, now: Date): Promise<CatalogArticle[]> {
  if (schedule.backfill <= 0) return [];
  const newest = await catalog.backfill(viewOf(schedule, now), now, schedule.backfill);
  const open: CatalogArticle[] = [];
  for (const article of newest) if (!(await deliveries.get(schedule.channelId, article.id))) open.push(article);
  return open.reverse();
}

/** New articles are counted up to this many: a longer queue is shown as "1,000+". */
export const WAITING_COUNTED = 1000;

/** How many articles wait for the schedule's next runs (the backfill and the new ones). */
export async function waitingCount(schedule: Schedule, catalog: ArticleCatalog, deliveries: DeliveriesStore, now: Date): Promise<number> {
  const backfill = (await backfillArticles(schedule, catalog, deliveries, now)).length;
  const options = { atMost: WAITING_COUNTED, ...(schedule.queueCursor ? { resume: schedule.queueCursor } : {}) };
  return Math.min(WAITING_COUNTED, backfill + (await catalog.waitingCount(viewOf(schedule, now), now, options)));
}
