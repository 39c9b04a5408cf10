import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedClient } from '../helpers/feed-server.js';

// A self-signed certificate for feed.example.test only, made for these tests.
const cert = readFileSync(new URL('../fixtures/feeds/tls/test-only-cert.pem', import.meta.url));
const key = readFileSync(new URL('../fixtures/feeds/tls/test-only-key.pem', import.meta.url));

let server: Server;
let port: number;
const serverNames: string[] = [];

beforeAll(async () => {
  server = createServer({ cert, key }, (_request, response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>'));
  server.on('secureConnection', (socket) => serverNames.push(String(socket.servername)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ({ port } = server.address() as AddressInfo);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('safe GET over HTTPS, connecting to the checked address', () => {
  it('still sends the host name for SNI and verifies the certificate against it', async () => {
    const { http, dialled } = guardedClient({ ca: cert });
    expect(await http.get(`https://feed.example.test:${port}/feed`, { accept: '*/*' })).toMatchObject({ kind: 'ok' });
    expect(serverNames).toEqual(['feed.example.test']);
    expect(dialled).toEqual(['203.0.113.10']);
    await http.close();
  });

  it('refuses a certificate that names another host, as without pinning', async () => {
    const { http } = guardedClient({ ca: cert });
    expect(await http.get(`https://other.example.test:${port}/feed`, { accept: '*/*' })).toMatchObject({
      kind: 'failed',
      code: 'tls',
      transient: false,
      reason: 'other.example.test does not have a valid HTTPS certificate (ERR_TLS_CERT_ALTNAME_INVALID)',
    });
    await http.close();
  });

  it('refuses a certificate nobody vouches for', async () => {
    const { http } = guardedClient();
    expect(await http.get(`https://feed.example.test:${port}/feed`, { accept: '*/*' })).toMatchObject({ kind: 'failed', code: 'tls' });
    await http.close();
  });
});
