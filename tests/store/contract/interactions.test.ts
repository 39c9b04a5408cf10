import { expect, it } from 'vitest';
import { contractSuite } from './backends.js';
import { at } from './fixtures.js';

contractSuite('handled interactions', (open) => {
  it('an interaction is claimed by the first caller only', async () => {
    const { stores } = await open();
    expect(await stores.interactions.claim('1300000000000000001', at(0))).toBe(true);
    expect(await stores.interactions.claim('1300000000000000001', at(0))).toBe(false);
    expect(await stores.interactions.claim('1300000000000000002', at(0))).toBe(true);
  });

  it('two processes receiving the same interactions at once: each is claimed exactly once', async () => {
    const harness = await open();
    const other = await harness.another();
    const ids = Array.from({ length: 20 }, (_, n) => String(1_300_000_000_000_000_000n + BigInt(n)));
    const results = await Promise.all(ids.flatMap((id) => [harness.stores.interactions.claim(id, at(0)), other.interactions.claim(id, at(0))]));
    for (let n = 0; n < ids.length; n++) expect([results[2 * n], results[2 * n + 1]].filter(Boolean)).toHaveLength(1);
  });

  it('prunes claims older than a time and says how many', async () => {
    const { stores } = await open();
    await stores.interactions.claim('old-1', at(0));
    await stores.interactions.claim('old-2', at(10));
    await stores.interactions.claim('new-1', at(30));
    expect(await stores.interactions.prune(at(30))).toBe(2);
    expect(await stores.interactions.prune(at(30))).toBe(0);
    expect(await stores.interactions.claim('new-1', at(40))).toBe(false);
    expect(await stores.interactions.claim('old-1', at(40))).toBe(true);
  });
});
