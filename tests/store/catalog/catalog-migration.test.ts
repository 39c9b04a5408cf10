import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/store/catalog/sqlite-catalog.js';
import { migrate } from '../../../src/store/database.js';
import { CATALOG_MIGRATION } from '../../../src/store/catalog/sqlite-schema.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { makeArticle } from '../../helpers/articles.js';
import { silentLogger } from '../../../src/logger.js';
import { PgCatalog } from '../../../src/store/postgres/catalog.js';
import { PG_CATALOG_MIGRATION } from '../../../src/store/postgres/catalog-schema.js';
import { migratePostgres, PG_MIGRATIONS } from '../../../src/store/postgres/migrations.js';
import { createPool } from '../../../src/store/postgres/pool.js';
import { freshPostgresUrl, POSTGRES_SKIP } from '../contract/backends.js';

describe('the SQLite catalog migration', () => {
  it('keeps the first sightings recorded before it, so no article becomes new again', async () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, MIGRATIONS.filter((migration) => migration.version < CATALOG_MIGRATION.version));
    const insert = db.prepare('INSERT INTO article_first_seen (article_id, first_seen_at) VALUES (?, ?)');
    insert.run('later', Date.parse('2026-10-02T00:00:00Z'));
    insert.run('earlier', Date.parse('2026-10-01T00:00:00Z'));
    migrate(db);

    const catalog = new SqliteCatalog(db);
    await catalog.applyBatch('folder', [
      { op: 'put-article', incoming: { article: makeArticle({ id: 'later' }), seenAt: new Date('2026-11-01T00:00:00Z') } },
      { op: 'put-article', incoming: { article: makeArticle({ id: 'fresh' }), seenAt: new Date('2026-11-01T00:00:00Z') } },
    ]);
    const seen = await catalog.firstSeen(['earlier', 'later', 'fresh']);
    expect(seen.get('earlier')).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(seen.get('later')).toEqual(new Date('2026-10-02T00:00:00Z'));
    expect(seen.get('fresh')).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect((await catalog.get('later'))?.firstSeenAt).toEqual(new Date('2026-10-02T00:00:00Z'));
    const keys = db.prepare('SELECT id FROM article_keys ORDER BY key').all() as { id: string }[];
    expect(keys.map((row) => row.id)).toEqual(['earlier', 'later', 'fresh']);
  });
});

describe.skipIf(POSTGRES_SKIP !== undefined)(`the PostgreSQL catalog migration${POSTGRES_SKIP ? ` skipped: ${POSTGRES_SKIP}` : ''}`, () => {
  it('keeps the first sightings recorded before it, so no article becomes new again', async () => {
    const pool = createPool(await freshPostgresUrl(), silentLogger(), { max: 2 });
    try {
      // The schema as it was just before the catalog (later migrations, such as the feeds, come after it).
      await migratePostgres(pool, PG_MIGRATIONS.filter((migration) => migration.version < PG_CATALOG_MIGRATION.version));
      await pool.query("INSERT INTO article_first_seen (article_id, first_seen_at) VALUES ('later', '2026-10-02T00:00:00Z'), ('earlier', '2026-10-01T00:00:00Z')");
      await migratePostgres(pool);

      const catalog = new PgCatalog(pool);
      await catalog.applyBatch('folder', [
        { op: 'put-article', incoming: { article: makeArticle({ id: 'later' }), seenAt: new Date('2026-11-01T00:00:00Z') } },
        { op: 'put-article', incoming: { article: makeArticle({ id: 'fresh' }), seenAt: new Date('2026-11-01T00:00:00Z') } },
      ]);
      const seen = await catalog.firstSeen(['earlier', 'later', 'fresh']);
      expect(seen).toEqual(new Map([
        ['earlier', new Date('2026-10-01T00:00:00Z')],
        ['later', new Date('2026-10-02T00:00:00Z')],
        ['fresh', new Date('2026-11-01T00:00:00Z')],
      ]));
      expect((await catalog.get('later'))?.firstSeenAt).toEqual(new Date('2026-10-02T00:00:00Z'));
    } finally {
      await pool.end();
    }
  });
});
