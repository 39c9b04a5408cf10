// Reading stored feeds, shared by the SQLite and PostgreSQL stores. Rows are parsed with zod: a row that
// no longer makes sense (a hand edit) is skipped with a warning naming it, never deleted or fetched.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Feed, FeedPatch } from './feeds.js';
import type { ColumnCodec } from './schedule-rows.js';

const snowflake = z.string().regex(/^\d{17,20}$/);

/** A row of the feeds table, as the backend's driver returns it, parsed into a Feed. */
export function feedRowSchema({ time, flag }: Pick<ColumnCodec, 'time' | 'flag'>): z.ZodType<Feed> {
  return z
    .object({
      id: z.string().regex(/^[a-z0-9]{1,20}$/),
      guild_id: snowflake.nullable(),
      url: z.string().regex(/^https?:\/\//),
      name: z.string().nullable(),
      title: z.string().nullable(),
      full_text: flag,
      etag: z.string().nullable(),
      last_modified: z.string().nullable(),
      next_fetch_at: time,
      failures: z.number().int().min(0),
      last_error: z.string().nullable(),
      last_fetch_at: time.nullable(),
      last_success_at: time.nullable(),
      failing: flag,
      failing_notified: flag,
      notice_error: z.string().nullable(),
      created_at: time,
      removed_at: time.nullable(),
      lease_owner: z.string().nullable(),
      lease_until: time.nullable(),
    })
    .transform((r): Feed => ({
      id: r.id,
      guildId: r.guild_id,
      url: r.url,
      name: r.name,
      title: r.title,
      fullText: r.full_text,
      etag: r.etag,
      lastModified: r.last_modified,
      nextFetchAt: r.next_fetch_at,
      failures: r.failures,
      lastError: r.last_error,
      lastFetchAt: r.last_fetch_at,
      lastSuccessAt: r.last_success_at,
      failing: r.failing,
      failingNotified: r.failing_notified,
      noticeError: r.notice_error,
      createdAt: r.created_at,
      removedAt: r.removed_at,
      lease: r.lease_owner !== null && r.lease_until !== null ? { owner: r.lease_owner, until: r.lease_until } : null,
    }));
}

/** Parses rows, skipping (and naming) each one that cannot be read. */
export function readFeeds(rows: readonly unknown[], schema: z.ZodType<Feed>, logger: Logger): Feed[] {
  const out: Feed[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) out.push(parsed.data);
    else {
      const id = (row as { id?: unknown }).id;
      logger.warn({ feedId: id, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'skipped a stored feed that cannot be read');
    }
  }
  return out;
}

/** The columns a patch may change; the lease and the removal have their own methods. */
const PATCH_COLUMNS: Record<keyof FeedPatch, string> = {
  title: 'title',
  etag: 'etag',
  lastModified: 'last_modified',
  nextFetchAt: 'next_fetch_at',
  failures: 'failures',
  lastError: 'last_error',
  lastFetchAt: 'last_fetch_at',
  lastSuccessAt: 'last_success_at',
  failing: 'failing',
  failingNotified: 'failing_notified',
  noticeError: 'notice_error',
};

/** The patch's fields as (column, value) pairs, in a fixed order (undefined fields are left out). */
export function feedPatchColumns(patch: FeedPatch): Array<{ column: string; value: unknown }> {
  return (Object.keys(PATCH_COLUMNS) as (keyof FeedPatch)[])
    .filter((key) => key in patch && patch[key] !== undefined)
    .map((key) => ({ column: PATCH_COLUMNS[key], value: patch[key] }));
}
