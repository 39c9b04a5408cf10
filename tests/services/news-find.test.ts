import { describe, expect, it } from 'vitest';
import { EVERYWHERE } from '../../src/store/catalog/types.js';
import { makeArticle } from '../helpers/articles.js';
import { testDeps } from '../helpers/deps.js';

const style = { color: 1, summarySentences: 3 };

describe('an article that is not found', () => {
  it('while the folder is still being imported, the error says it may be on its way; after, it does not', async () => {
    const { news } = testDeps([makeArticle({ id: 'harbour-budget', title: 'Harbour budget passes' })]).deps;
    let finish!: () => void;
    news.followImport(new Promise<void>((resolve) => (finish = resolve)));
    await expect(news.summary('zz-not-here', 3, style, EVERYWHERE)).rejects.toThrow(/still being imported.*try again in a minute/);

    finish();
    await Promise.resolve();
    const error = await news.summary('zz-not-here', 3, style, EVERYWHERE).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^No article has the id zz-not-here\./);
    expect(error?.message).not.toContain('imported');
  });

  it('a failed import ends the hint too', async () => {
    const { news } = testDeps([]).deps;
    news.followImport(Promise.reject(new Error('folder gone')));
    await Promise.resolve();
    await expect(news.summary('nothing', 3, style, EVERYWHERE)).rejects.not.toThrow(/imported/);
  });
});
