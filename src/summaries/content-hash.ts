// Which version of an article a model summary belongs to. Only the title and body are hashed, because
// they are all the model is shown: a new tag or picture must not cost another request. The catalog
// keeps a wider hash of everything it shows; the two answer different questions.
import { createHash } from 'node:crypto';
import type { ArticleText } from '../core/summary-candidates.js';

export function summaryContentHash(article: ArticleText): string {
  // JSON keeps the boundary between title and body: ("a", "bc") and ("ab", "c") differ.
  return createHash('sha256').update(JSON.stringify([article.title, article.body])).digest('base64url').slice(0, 27);
}
