// A loopback HTTP server for the feed fetcher tests, and a fetcher wired to reach it the way it would
// reach a public site: test host names resolve to documentation addresses, which pass the real address
// check, and only then are dialled on 127.0.0.1. Any other address a test would dial is refused, so a
// guard that let a private address through fails the test instead of sending traffic anywhere.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSafeHttp, type SafeHttp, type SafeHttpOptions } from '../../src/feeds/safe-http.js';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FeedServer {
  port: number;
  /** `http://feed.example.test:<port>`: the host name the guarded client resolves to a public address. */
  origin: string;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, headers: request.headers });
    const handler = routes.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://feed.example.test:${port}`,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: async () => {
      // Handlers that never answer (the timeout tests) would otherwise keep the server open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Documentation addresses (RFC 5737): public as far as the policy goes, never routed on the internet. */
export const TEST_HOSTS: Record<string, string[]> = {
  'feed.example.test': ['203.0.113.10'],
  'other.example.test': ['203.0.113.11'],
  'mixed.example.test': ['203.0.113.12', '10.0.0.5'],
  'metadata.example.test': ['169.254.169.254'],
  'localhost.example.test': ['127.0.0.1', '::1'],
};

export interface GuardedClient {
  http: SafeHttp;
  /** Every address the client dialled, after the check. */
  dialled: string[];
  /** Every name the client looked up. */
  lookups: string[];
}

/**
 * Client options that resolve the test host names and dial only their documentation addresses, on the
 * loopback server; for a client built elsewhere (the app's, in the e2e tests). Records what it did.
 */
export function fixtureResolution(dialled: string[] = [], lookups: string[] = []): Pick<SafeHttpOptions, 'resolve' | 'dial' | 'minHostIntervalMs'> {
  return {
    minHostIntervalMs: 0,
    resolve: async (hostname) => {
      lookups.push(hostname);
      const addresses = TEST_HOSTS[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses;
    },
    dial: (address) => {
      dialled.push(address);
      if (!address.startsWith('203.0.113.')) throw new Error(`the test refuses to dial ${address}`);
      return '127.0.0.1';
    },
  };
}

export function guardedClient(options: SafeHttpOptions = {}): GuardedClient {
  const dialled: string[] = [];
  const lookups: string[] = [];
  const http = createSafeHttp({ ...fixtureResolution(dialled, lookups), ...options });
  return { http, dialled, lookups };
}

/**
 * One fixture server for the calling test file (started before its tests, closed after them), and
 * guarded clients on a test's clock, closed after each test. Call it before the file's own afterEach
 * hooks: those then run first.
 */
export function useFeedServer(): { readonly server: FeedServer; client(now: () => number): GuardedClient } {
  let server: FeedServer | undefined;
  let clients: GuardedClient[] = [];
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server?.close());
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.http.close()));
    clients = [];
  });
  return {
    get server() {
      if (!server) throw new Error('the feed server starts before the first test');
      return server;
    },
    client(now) {
      const made = guardedClient({ now });
      clients.push(made);
      return made;
    },
  };
}

/** Writes `total` bytes of `fill` after `head`, respecting backpressure; resolves with the bytes written. */
export function streamBody(response: ServerResponse, head: string, total: number, fill = 'a'): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let written = 0;
  return new Promise((resolve) => {
    response.on('close', () => resolve(written));
    const pump = () => {
      if (written === 0) {
        response.write(head);
        written += head.length;
      }
      while (written < total) {
        written += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    pump();
  });
}
