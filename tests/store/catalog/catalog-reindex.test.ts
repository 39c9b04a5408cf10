// Rebuilding the catalog (`npm run news -- reindex`), on both backends: the full-text index and the
// vocabulary come back from the stored articles whatever happened to them, and the folder's files are
// all read again.
import { utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { EXTRACTIVE_KIND, NewsService } from '../../../src/services/news.js';
import type { ArticleCatalog } from '../../../src/store/catalog/types.js';
import { FOLDER_ORIGIN, FolderSync } from '../../../src/store/folder/folder-sync.js';
import { RANKING_CORPUS } from '../../fixtures/ranking-corpus.js';
import { type CatalogHarness, catalogSuite } from './catalog-suite.js';

const ids = async (catalog: ArticleCatalog, query: string) => (await catalog.search(query, { limit: 20 })).map((hit) => hit.article.id);
const terms = (harness: CatalogHarness) => harness.sql('SELECT term, docs FROM search_terms WHERE docs > 0 ORDER BY term');

/** What a bad upgrade could leave: one article missing from the index, one word miscounted. */
async function damage(harness: CatalogHarness): Promise<void> {
  if (harness.backend === 'sqlite') {
    await harness.sql(`DELETE FROM article_words WHERE rowid = (SELECT key FROM articles WHERE id = 'harbour-strike');
      DELETE FROM article_titles WHERE rowid = (SELECT key FROM articles WHERE id = 'harbour-strike');`);
  } else {
    await harness.sql("UPDATE articles SET words = ''::tsvector, title_words = ''::tsvector WHERE id = 'harbour-strike'");
  }
  await harness.sql("UPDATE search_terms SET docs = docs + 7 WHERE term = 'strike'");
}

catalogSuite('rebuilding the index', (open) => {
  it('brings back search, autocomplete and word counts after the index lost entries', async () => {
    const harness = await open();
    const { catalog } = harness;
    await harness.fill(RANKING_CORPUS);
    const before = { search: await ids(catalog, 'harbour strike'), suggest: await catalog.suggest('harb', 10), terms: await terms(harness) };
    await damage(harness);
    expect(await ids(catalog, 'harbour strike')).not.toContain('harbour-strike');

    const progress: Array<[number, number]> = [];
    expect(await catalog.rebuildIndex((done, total) => progress.push([done, total]))).toMatchObject({ articles: RANKING_CORPUS.length });
    expect(progress.at(-1)).toEqual([RANKING_CORPUS.length, RANKING_CORPUS.length]);
    expect(await ids(catalog, 'harbour strike')).toEqual(before.search);
    expect(await catalog.suggest('harb', 10)).toEqual(before.suggest);
    expect(await terms(harness)).toEqual(before.terms);
  });

  it('changes nothing a reader sees on a healthy catalog, and drops the stored extractive summaries', async () => {
    const harness = await open();
    const { catalog, summaries } = harness;
    await harness.fill(RANKING_CORPUS);
    const article = (await catalog.get('rail-strike'))!;
    // The current summarizer's rows and any left by an earlier version.
    await summaries.put(article.id, article.contentHash, EXTRACTIVE_KIND, 3, ['One.']);
    await summaries.put(article.id, article.contentHash, 'extractive', 3, ['Old.']);
    const queries = ['strike', 'harbour', 'union talks', 'storm'];
    const before = await Promise.all(queries.map((query) => ids(catalog, query)));
    await catalog.rebuildIndex();
    expect(await Promise.all(queries.map((query) => ids(catalog, query)))).toEqual(before);
    expect(await summaries.get(article.id, article.contentHash, EXTRACTIVE_KIND, 3)).toBeUndefined();
    expect(await summaries.get(article.id, article.contentHash, 'extractive', 3)).toBeUndefined();
    expect((await catalog.get('rail-strike'))?.firstSeenAt).toEqual(article.firstSeenAt);
  });
});

catalogSuite('forgetting what the folder read', (open) => {
  it('makes the next sync read and parse a file whose size and time were kept through an edit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'news-reindex-'));
    try {
      const file = join(dir, 'ferry.txt');
      writeFileSync(file, 'Ferry returns\n\nThe ferry is back on Monday.');
      utimesSync(file, 1_700_000_000, 1_700_000_000);
      const { catalog } = await open();
      const sync = () => new FolderSync({ dir, logger: silentLogger(), catalog }).syncAll();
      await sync();
      // Same length, same modification time: a plain sync cannot tell it changed.
      writeFileSync(file, 'Ferry returns\n\nThe ferry is back on Friday.');
      utimesSync(file, 1_700_000_000, 1_700_000_000);
      expect((await sync()).updated).toBe(0);
      expect((await catalog.get('ferry'))?.body).toContain('Monday');

      expect(await catalog.forgetSourceFiles(FOLDER_ORIGIN)).toBe(1);
      expect(await sync()).toMatchObject({ files: 1, updated: 1 });
      expect((await catalog.get('ferry'))?.body).toContain('Friday');
      // Read once more, nothing is different.
      expect(await sync()).toMatchObject({ updated: 0, added: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

catalogSuite('summaries stored by an earlier summarizer', (open) => {
  it('are not served after an upgrade: the current summarizer computes and stores its own', async () => {
    const { catalog, summaries, fill } = await open();
    await fill(RANKING_CORPUS);
    const article = (await catalog.get('rail-strike'))!;
    await summaries.put(article.id, article.contentHash, 'extractive', 2, ['What an earlier release chose.']);
    const service = new NewsService(catalog, summaries);
    const sentences = await service.summarySentences(article, 2);
    expect(sentences).not.toEqual(['What an earlier release chose.']);
    expect(sentences).toHaveLength(2);
    expect(await summaries.get(article.id, article.contentHash, EXTRACTIVE_KIND, 2)).toEqual(sentences);
  });
});
