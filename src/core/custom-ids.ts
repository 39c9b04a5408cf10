// Button custom ids carry all the state a button needs (article and page), so buttons keep working
// after a restart. Discord allows 100 characters; an article id may have 100 on its own, so long ids
// are replaced by a short hash that the library can resolve.
import { createHash } from 'node:crypto';
import { isValidArticleId } from './article.js';
import { LIMITS } from './limits.js';

const READ_PREFIX = 'read';

export function articleRefHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 22);
}

/** `tag` keeps the two buttons of one message distinct even when they point at the same page. */
export function readButtonId(articleId: string, page: number, tag: 'p' | 'n'): string {
  const direct = `${READ_PREFIX}:${tag}:${page}:${articleId}`;
  return direct.length <= LIMITS.customId ? direct : `${READ_PREFIX}:${tag}:${page}:#${articleRefHash(articleId)}`;
}

export type ArticleRef = { id: string } | { hash: string };

export function parseReadButtonId(customId: string): { ref: ArticleRef; page: number } | undefined {
  const match = /^read:[pn]:(\d{1,5}):(#[A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{1,100})$/.exec(customId);
  if (!match) return undefined;
  const target = match[2]!;
  const ref: ArticleRef = target.startsWith('#') ? { hash: target.slice(1) } : { id: target };
  if ('id' in ref && !isValidArticleId(ref.id)) return undefined;
  return { ref, page: Number(match[1]) };
}
