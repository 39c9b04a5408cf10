// Catalog rows as domain objects, and the SQL pieces every catalog query shares.
import { z } from 'zod';
import type { CatalogArticle, Scope } from './types.js';

/** The columns a CatalogArticle is built from, for `SELECT ${ARTICLE_COLUMNS} FROM articles a`. */
export const ARTICLE_COLUMNS =
  'a.key, a.id, a.origin, a.guild_id, a.published_at, a.first_seen_at, a.content_hash, a.url, a.source, a.author, a.image, a.tags, a.title, a.body';

/** Visibility: every server sees articles with no server; a server also sees its own. Binds @guild. */
export const VISIBLE = '(a.guild_id IS NULL OR a.guild_id = @guild)';

export function scopeParams(scope: Scope | undefined): { guild: string | null } {
  return { guild: scope?.guildId ?? null };
}

export interface ArticleRow {
  key: number;
  id: string;
  origin: string;
  guild_id: string | null;
  title: string;
  body: string;
  url: string | null;
  source: string | null;
  author: string | null;
  image: string | null;
  tags: string;
  published_at: number;
  first_seen_at: number;
  content_hash: string;
}

const tagsSchema = z.array(z.string());

/** Stored tags are JSON this code wrote; a hand-edited row that no longer parses shows no tags. */
function parseTags(text: string): string[] {
  try {
    const parsed = tagsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function toArticle(row: ArticleRow): CatalogArticle {
  const article: CatalogArticle = {
    id: row.id,
    title: row.title,
    body: row.body,
    publishedAt: new Date(row.published_at),
    tags: parseTags(row.tags),
    contentHash: row.content_hash,
    firstSeenAt: new Date(row.first_seen_at),
    origin: row.origin,
    guildId: row.guild_id,
  };
  if (row.url !== null) article.url = row.url;
  if (row.source !== null) article.source = row.source;
  if (row.author !== null) article.author = row.author;
  if (row.image !== null) article.image = row.image;
  return article;
}
