// Feed import in a fresh process (spawned by scripts/bench.ts), so the resident memory it reports is the
// import's: 100 feeds of 50 entries each, served over HTTP on loopback (one host name per feed, as 100
// sites would be), fetched by the bot's own poller, importer and guarded client into an empty SQLite
// catalog. Then a second pass where every feed answers 304, and the parse alone as a baseline.
// Usage: node --expose-gc --import tsx scripts/bench/child-feeds.ts --db <file> --out <file> [--feeds 100] [--entries 50] [--seed N]
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FeedImporter, FEED_INTERVAL_MS } from '../../src/feeds/feed-import.js';
import { FeedPoller } from '../../src/feeds/poller.js';
import { createSafeHttp } from '../../src/feeds/safe-http.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { sqliteStores } from '../../src/store/open-stores.js';
import { createVocabulary, DEFAULT_SEED } from './corpus.js';
import { measureFeedImport, rssFeedXml } from './feeds.js';
import { residentMb } from './measure.js';

const fileMb = (path: string): number => (statSync(path, { throwIfNoEntry: false })?.size ?? 0) / 2 ** 20;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, out: { type: 'string' }, feeds: { type: 'string', default: '100' }, entries: { type: 'string', default: '50' }, seed: { type: 'string', default: String(DEFAULT_SEED) } },
  });
  const feeds = Number(values.feeds);
  const entriesPerFeed = Number(values.entries);
  const seed = Number(values.seed);
  const idle = residentMb();

  const vocab = createVocabulary(seed);
  const documents = Array.from({ length: feeds }, (_, feed) => {
    const xml = rssFeedXml(vocab, seed, feed, entriesPerFeed);
    return { xml, etag: `"${createHash('sha256').update(xml).digest('hex').slice(0, 16)}"` };
  });
  const server = createServer((request, response) => {
    const document = documents[Number(/^\/feed-(\d+)\.xml$/.exec(request.url ?? '')?.[1] ?? -1)];
    if (!document) return void response.writeHead(404).end();
    if (request.headers['if-none-match'] === document.etag) return void response.writeHead(304, { etag: document.etag }).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: document.etag }).end(document.xml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let now = Date.parse('2026-11-01T12:00:00Z');
  const clock = { now: () => new Date(now) };
  const logger = createLogger('warn', process.stderr);
  const db = openDatabase(values.db!);
  const stores = sqliteStores(db, logger, clock);
  // Loopback is allowed here only because the bench serves its own feeds; each feed has a host of its own.
  // The per-host interval runs on the bench's clock, as it does on the bot's: the 304 pass comes a feed interval later.
  const http = createSafeHttp({ allowPrivateHosts: true, resolve: async () => ['127.0.0.1'], now: () => now });
  const owner = 'bench';
  // The catalog's writes are timed apart, to show how much of the import is storing.
  let catalogWriteMs = 0;
  const catalog = Object.create(stores.catalog) as typeof stores.catalog;
  catalog.applyBatch = async (origin, ops) => {
    const at = performance.now();
    try {
      return await stores.catalog.applyBatch(origin, ops);
    } finally {
      catalogWriteMs += performance.now() - at;
    }
  };
  const importer = new FeedImporter({ feeds: stores.feeds, catalog, http, clock, logger, owner });
  const poller = new FeedPoller(importer, stores.feeds, clock, logger, { owner });
  for (let feed = 0; feed < feeds; feed++) {
    const url = `http://feed-${feed}.bench.test:${port}/feed-${feed}.xml`;
    await stores.feeds.create({ id: `bench${feed}`, guildId: null, url, name: null, fullText: false, createdAt: clock.now(), nextFetchAt: clock.now() }, { limit: feeds });
  }

  const start = performance.now();
  const first = await poller.pass();
  const importMs = performance.now() - start;
  const importWriteMs = catalogWriteMs;
  const unsettled = residentMb(false);
  const memory = residentMb();
  const entries = first.results.reduce((sum, result) => sum + (result.kind === 'imported' ? result.added : 0), 0);
  if (entries !== feeds * entriesPerFeed || (await stores.catalog.count()) !== entries) throw new Error(`expected ${feeds * entriesPerFeed} articles, imported ${entries}`);

  now += FEED_INTERVAL_MS;
  const again = performance.now();
  const second = await poller.pass();
  const notModifiedPassMs = performance.now() - again;
  if (second.results.some((result) => result.kind !== 'not-modified')) throw new Error('the second pass fetched a document again');

  await http.close();
  server.close();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const databaseMb = fileMb(values.db!);
  db.close();
  // In the same process, after the import: the parse alone, as the floor for any import built on it.
  const parse = measureFeedImport({ feeds, entriesPerFeed, seed });

  const result = {
    feeds,
    entriesPerFeed,
    entries,
    documentsMb: parse.megabytes,
    importMs,
    entriesPerSecond: entries / (importMs / 1000),
    catalogWriteMs: importWriteMs,
    notModifiedPassMs,
    rssMb: memory.rssMb,
    rssBeforeGcMb: unsettled.rssMb,
    rssIdleMb: idle.rssMb,
    heapUsedMb: memory.heapUsedMb,
    databaseMb,
    parseAndConvertMs: parse.importMs,
    parseOnlyMs: parse.parseOnlyMs,
  };
  await writeFile(values.out!, JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
