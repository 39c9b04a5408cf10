// The sandbox page's server: serves the page with a strict content policy, streams the world, runs
// what the page sends, and answers nobody but the page itself on this machine.
import { request } from 'node:http';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SandboxSession } from '../../../scripts/dev-local/session.js';
import { startWebPage, type WebPage } from '../../../scripts/dev-local/web/server.js';
import { buildSandboxWorld } from '../../../scripts/dev-local/world.js';
import { type FakeDiscord, startFakeDiscord } from '../../e2e/fake-discord/index.js';

let discord: FakeDiscord;
let web: WebPage;

beforeEach(async () => {
  discord = await startFakeDiscord();
  const world = buildSandboxWorld(discord);
  web = await startWebPage(discord, world, new SandboxSession(discord, world));
});

afterEach(async () => {
  await web.close();
  await discord.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request; for the event stream, resolves with the first event only. */
function call(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const target = new URL(path, web.url);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
        if (path === '/api/events' && body.includes('\n\n')) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };

it('serves the page and its scripts with a policy that lets only its own scripts run', async () => {
  const page = await call('/');
  expect(page.status).toBe(200);
  expect(page.body).toContain('<script type="module" src="/page.js">');
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  expect((await call('/render.js')).headers['content-type']).toContain('text/javascript');
  expect((await call('/../package.json')).status).toBe(404);
});

it('streams the sandbox server first, with its channels', async () => {
  const stream = await call('/api/events');
  expect(stream.headers['content-type']).toBe('text/event-stream');
  const [event, data] = stream.body.split('\n');
  expect(event).toBe('event: world');
  const world = JSON.parse(data!.slice('data: '.length)) as { guild: string; channels: Array<{ name: string }>; you: string };
  expect(world).toMatchObject({ guild: 'Sandbox', you: 'admin' });
  expect(world.channels.map((c) => c.name)).toEqual(['news', 'general', 'announcements']);
});

it('runs the sandbox words the page sends, in the channel it names', async () => {
  const help = await call('/api/run', { method: 'POST', headers: json, body: JSON.stringify({ line: 'help' }) });
  expect(JSON.parse(help.body).notes[0]).toContain('/schedule add channel:<#channel>');
  const moved = JSON.parse((await call('/api/run', { method: 'POST', headers: json, body: JSON.stringify({ line: 'go #general' }) })).body);
  expect(moved).toMatchObject({ notes: ['Commands now run in #general.'] });
  const quit = JSON.parse((await call('/api/run', { method: 'POST', headers: json, body: JSON.stringify({ line: 'quit' }) })).body);
  expect(quit.notes[0]).toContain('type quit at its prompt');
});

it.each([
  ['another host name (DNS rebinding)', '/', { host: 'evil.example:80' }, undefined],
  ['another site posting a command', '/api/run', { ...json, origin: 'https://evil.example' }, '{"line":"help"}'],
  ['a form post without JSON', '/api/run', { 'content-type': 'text/plain' }, '{"line":"help"}'],
])('refuses %s', async (_what, path, headers, body) => {
  const answer = await call(path, { method: body ? 'POST' : 'GET', headers, ...(body ? { body } : {}) });
  expect(answer.status).toBe(403);
});
