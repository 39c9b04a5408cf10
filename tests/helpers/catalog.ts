// A catalog in an in-memory database, filled with the given articles, for tests.
import type { Article } from '../../src/core/article.js';
import { SqliteCatalog } from '../../src/store/catalog/sqlite-catalog.js';
import { openDatabase } from '../../src/store/database.js';

export async function catalogOf(articles: readonly Article[], { seenAt = new Date('2026-11-01T00:00:00Z'), guildId = null as string | null } = {}) {
  const db = openDatabase(':memory:');
  const catalog = new SqliteCatalog(db);
  await catalog.applyBatch('folder', articles.map((article) => ({ op: 'put-article' as const, incoming: { article, seenAt, guildId } })));
  return { db, catalog };
}
