// Catalog rows of PostgreSQL as domain objects, and the SQL pieces every catalog query shares.
import { z } from 'zod';
import type { CatalogArticle, Scope } from '../catalog/types.js';
import type { Pool } from './pool.js';
import { bind } from './named-params.js';

/** The columns a CatalogArticle is built from, for `SELECT ${ARTICLE_COLUMNS} FROM articles a`. */
export const ARTICLE_COLUMNS = 'a.id, a.origin, a.guild_id, a.published_at, a.first_seen_at, a.content_hash, a.url, a.source, a.author, a.image, a.tags, a.title, a.body';

/** Visibility: every server sees articles with no server; a server also sees its own. Binds $guild. */
export const VISIBLE = '(a.guild_id IS NULL OR a.guild_id = $guild::text)';

/** Not yet delivered to the schedule's channel. Binds $channel. */
export const NOT_DELIVERED = 'NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.channel_id = $channel AND d.article_id = a.id)';

export const guildOf = (scope: Scope | undefined): string | null => scope?.guildId ?? null;

/** Runs a query with named parameters (see named-params.ts). */
export async function select<T extends object>(pool: Pool, text: string, params: Readonly<Record<string, unknown>> = {}): Promise<T[]> {
  const query = bind(text, params);
  return (await pool.query(query.text, query.values)).rows as T[];
}

export interface ArticleRow {
  id: string;
  origin: string;
  guild_id: string | null;
  published_at: Date;
  first_seen_at: Date;
  content_hash: string;
  url: string | null;
  source: string | null;
  author: string | null;
  image: string | null;
  tags: unknown;
  title: string;
  body: string;
}

const tagsSchema = z.array(z.string());

export function toArticle(row: ArticleRow): CatalogArticle {
  const tags = tagsSchema.safeParse(row.tags);
  const article: CatalogArticle = {
    id: row.id,
    title: row.title,
    body: row.body,
    publishedAt: row.published_at,
    // A hand-edited row that no longer holds a list of strings shows no tags.
    tags: tags.success ? tags.data : [],
    contentHash: row.content_hash,
    firstSeenAt: row.first_seen_at,
    origin: row.origin,
    guildId: row.guild_id,
  };
  if (row.url !== null) article.url = row.url;
  if (row.source !== null) article.source = row.source;
  if (row.author !== null) article.author = row.author;
  if (row.image !== null) article.image = row.image;
  return article;
}

/** size comes back as a number: bigint is read as float8, exact far beyond any file's size. */
export const SOURCE_FILE_COLUMNS = 'path, article_id, size::float8 AS size, mtime_ms, hash, state, reason';
