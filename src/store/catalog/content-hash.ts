// What identifies an article's version, the same on every backend: the content hash summaries are
// stored under, and the short hash a button uses for an id too long to fit (core/custom-ids.ts).
import { createHash } from 'node:crypto';
import type { Article } from '../../core/article.js';
import { articleRefHash } from '../../core/custom-ids.js';

/** Ids longer than this do not fit a button's custom id and are looked up by hash. */
const REF_HASH_FROM_LENGTH = 81;

/** A hash of everything the catalog shows of an article: equal hashes mean nothing to re-index. */
export function contentHash(article: Article): string {
  const { id, title, body, url, source, author, publishedAt, tags, image } = article;
  const canonical = JSON.stringify([id, title, body, url ?? null, source ?? null, author ?? null, publishedAt.getTime(), tags, image ?? null]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 27);
}

/** The hash stored for looking the article up from a button, or null when its id fits as it is. */
export function refHashOf(id: string): string | null {
  return id.length >= REF_HASH_FROM_LENGTH ? articleRefHash(id) : null;
}
