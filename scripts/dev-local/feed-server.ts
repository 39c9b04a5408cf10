// The sandbox's feed server: the sample feed and its pages on 127.0.0.1, so `/feed add` can be tried
// with no internet. It answers conditional requests as a well-kept site does (ETag, 304), and releases
// one more story every STORY_EVERY_MS until all are out.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_STORIES, samplePage, sampleRss } from './sample-feed.js';

/** Tried first, so a feed added in one run still works after a restart; any free port otherwise. */
export const DEFAULT_FEED_PORT = 8790;
export const FIRST_STORIES = 3;
export const STORY_EVERY_MS = 15 * 60_000;

export interface SandboxFeedServer {
  /** The sample feed's address. */
  url: string;
  close(): Promise<void>;
}

export async function startSampleFeedServer(options: { port?: number; now?: () => number } = {}): Promise<SandboxFeedServer> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    if (path === '/news.xml') {
      const released = Math.min(SAMPLE_STORIES.length, FIRST_STORIES + Math.floor((now() - startedAt) / STORY_EVERY_MS));
      // Dated the day before the sandbox started, an hour apart, so they read like recent news.
      const xml = sampleRss(origin, released, new Date(Math.floor(startedAt / 86_400_000) * 86_400_000 - 86_400_000 + 6 * 3_600_000));
      const etag = `"${createHash('sha256').update(xml).digest('hex').slice(0, 16)}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
      return void response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(xml);
    }
    const story = SAMPLE_STORIES.find((s) => path === `/stories/${s.slug}`);
    if (story) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(samplePage(story));
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not here. The sample feed is /news.xml.\n');
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? DEFAULT_FEED_PORT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port === 0) throw error;
    await listen(0);
  }
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/news.xml`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
