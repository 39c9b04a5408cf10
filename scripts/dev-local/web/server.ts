// The sandbox's web page: one static page on 127.0.0.1 that shows the sandbox server's channels and
// messages as Discord lays them out, kept live with Server-Sent Events, and that runs what is typed in
// it or clicked on it through a session of its own (the same grammar and behaviour as the prompt).
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeDiscord, StoredMessage } from '../../../tests/e2e/fake-discord/index.js';
import { parseLine } from '../../dev-local-parse.js';
import type { SandboxSession } from '../session.js';
import { SANDBOX_GUILD_NAME, type SandboxWorld } from '../world.js';
import { messageView } from './view.js';

const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/page.js': 'page.js',
  '/render.js': 'render.js',
  '/page.css': 'page.css',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
// Nothing but this page's own files may run; images may come from the articles' sites, as in Discord.
const CSP = "default-src 'self'; img-src 'self' http: https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const MAX_BODY = 64 * 1024;

export interface WebPage {
  url: string;
  close(): Promise<void>;
}

export async function startWebPage(discord: FakeDiscord, world: SandboxWorld, session: SandboxSession, port = 0): Promise<WebPage> {
  const files = Object.fromEntries(
    await Promise.all(Object.entries(STATIC).map(async ([path, file]) => [path, await readFile(new URL(`./static/${file}`, import.meta.url), 'utf8')] as const)),
  );
  const names = { user: world.userName, role: world.roleName, channel: world.channelName, self: discord.applicationId };
  const inSandbox = (message: StoredMessage | undefined): message is StoredMessage => message !== undefined && message.guildId === world.guildId;
  const view = (message: StoredMessage) => messageView(message, names);
  const snapshot = () => ({
    guild: SANDBOX_GUILD_NAME,
    you: world.userName(world.adminId),
    channelId: session.channelId,
    channels: world.channels(),
    messages: world.channels().flatMap((channel) => discord.messages(channel.id, { includeEphemeral: true }).map(view)),
  });

  const clients = new Set<ServerResponse>();
  const send = (event: string, data: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of clients) client.write(frame);
  };
  const onMessage = (id: string): void => {
    const message = discord.message(id);
    if (inSandbox(message)) send('message', view(message));
  };
  // Interaction events also cover answers that were deleted, which raise no message event.
  const onInteraction = (id: string): void => {
    const record = discord.state.interactions.get(id);
    for (const messageId of [record?.originalMessageId, ...(record?.followupIds ?? [])]) if (messageId) onMessage(messageId);
  };
  discord.state.events.on('message', onMessage);
  discord.state.events.on('interaction', onInteraction);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
  let origin = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only this machine, by the address printed: another site's page or a rebound DNS name gets nothing.
    const host = req.headers.host ?? '';
    if (![`127.0.0.1:${port}`, `localhost:${port}`].includes(host)) return reply(res, 403, { error: 'unknown host' });
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path in STATIC) {
      const type = TYPES[STATIC[path]!.split('.').pop()!]!;
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
      return void res.end(files[path]);
    }
    if (req.method === 'GET' && path === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`event: world\ndata: ${JSON.stringify(snapshot())}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (req.method === 'POST' && (path === '/api/run' || path === '/api/press')) {
      const sameOrigin = req.headers.origin === undefined || req.headers.origin === `http://${host}`;
      if (!sameOrigin || !String(req.headers['content-type']).startsWith('application/json')) return reply(res, 403, { error: 'not from this page' });
      const body = await readJson(req);
      if (path === '/api/press') {
        const outcome = await session.pressButton(String(body.messageId ?? ''), String(body.customId ?? ''));
        return reply(res, 200, { notes: outcome.notes });
      }
      const channelId = world.channels().find((c) => c.id === body.channelId)?.id;
      if (channelId) session.channelId = channelId;
      const outcome = await session.run(parseLine(String(body.line ?? '')));
      return reply(res, 200, { notes: outcome.quit ? ['The page cannot stop the sandbox; type quit at its prompt.'] : outcome.notes, channelId: session.channelId });
    }
    reply(res, 404, { error: 'not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    async close() {
      discord.state.events.off('message', onMessage);
      discord.state.events.off('interaction', onInteraction);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
