// The catalog's contract tests run on both backends: each test gets a fresh catalog in SQLite and in
// PostgreSQL (see ../contract/backends.ts; PostgreSQL tests are reported skipped, with the reason,
// when there is no server), opened through openStores exactly as the bot opens it.
import type { Article } from '../../../src/core/article.js';
import type { ArticleCatalog, SummaryStore } from '../../../src/store/catalog/types.js';
import type { Stores } from '../../../src/store/open-stores.js';
import { contractSuite } from '../contract/backends.js';

export const CHANNEL = '300000000000000001';

export interface CatalogHarness {
  backend: Stores['backend'];
  catalog: ArticleCatalog;
  summaries: SummaryStore;
  stores: Stores;
  /** Puts the articles in one batch, all first seen at `seenAt`. */
  fill(articles: readonly Article[], options?: { seenAt?: Date; guildId?: string | null }): Promise<void>;
  /** Records the article as delivered to the channel (a claim is enough for the queue). */
  deliver(articleId: string, channelId?: string): Promise<void>;
  /** The same database through another connection, as a second bot process would open it. */
  another(): Promise<Stores>;
  /** Runs SQL directly (see ../contract/backends.ts). */
  sql(text: string): Promise<unknown[]>;
}

export function catalogSuite(title: string, body: (open: () => Promise<CatalogHarness>) => void): void {
  contractSuite(title, (open) =>
    body(async () => {
      const harness = await open();
      const { stores } = harness;
      return {
        backend: stores.backend,
        catalog: stores.catalog,
        summaries: stores.articleSummaries,
        stores,
        another: harness.another,
        sql: harness.sql,
        async fill(articles, { seenAt = new Date('2026-11-01T00:00:00Z'), guildId = null } = {}) {
          await stores.catalog.applyBatch('folder', articles.map((article) => ({ op: 'put-article' as const, incoming: { article, seenAt, guildId } })));
        },
        async deliver(articleId, channelId = CHANNEL) {
          await stores.deliveries.claim({ channelId, articleId, scheduleId: null, nonce: `n-${articleId}`, claimedAt: new Date(0) });
        },
      };
    }),
  );
}
