// The HTTP side: parses requests like Discord (JSON or multipart with payload_json), checks the
// bot token, applies injected faults and rate limits, runs the route, logs the exchange.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors, faultError } from './errors.js';
import type { Faults } from './faults.js';
import { GlobalLimiter, RateLimiter, rateLimitHeaders, type RateLimitOptions } from './rate-limits.js';
import type { RequestContext, RouteResult, Router } from './router.js';
import type { UploadedFile } from './validate-message.js';

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** Parsed JSON body (or multipart payload_json). */
  body: unknown;
  /** Route pattern that handled it, e.g. `/channels/:channel_id/messages`. */
  route: string | null;
  at: number;
  /** Answered by an injected fault rather than by the route. */
  injected?: boolean;
}

const MAX_BODY = 25 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 40005, 'Request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')), files: [] };
    } catch {
      throw errors.invalidJson();
    }
  }
  if (type.startsWith('multipart/form-data')) {
    // undici's Request parses multipart for us (Node 20 built-in).
    const form = await new Request('http://local/', { method: 'POST', body: raw, headers: { 'content-type': type } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') {
        try {
          body = JSON.parse(value);
        } catch {
          throw errors.invalidJson();
        }
      } else if (typeof value !== 'string') {
        files.push({ field, name: value.name, size: value.size, contentType: value.type || 'application/octet-stream' });
      }
    }
    return { body, files };
  }
  throw new ApiError(400, 0, `400: Bad Request (unsupported content-type "${type}")`);
}

const safeDecode = (p: string): string => {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
};

export function createRequestHandler(deps: {
  router: Router;
  token: () => string;
  faults: Faults;
  log: LoggedRequest[];
  rateLimit: RateLimitOptions | false;
  /** Discord's global limit per second for the bot token; off when undefined. */
  globalPerSecond?: number;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const limiter = new RateLimiter(deps.rateLimit);
  const global = new GlobalLimiter(deps.globalPerSecond);

  const send = (res: ServerResponse, result: RouteResult, headers: Record<string, string>): void => {
    const all = { ...headers, via: '1.1 fake-discord' };
    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status, all).end();
      return;
    }
    res.writeHead(result.status, { ...all, 'content-type': 'application/json' }).end(JSON.stringify(result.body));
  };

  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const prefix = '/api/v10';
      const rawPath = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : null;
      const path = rawPath === null ? null : safeDecode(rawPath);
      const entry: LoggedRequest = { method, path: path ?? url.pathname, query: url.search, status: 0, body: undefined, route: null, at: Date.now() };
      let headers: Record<string, string> = {};
      let result: RouteResult;
      try {
        const raw = await readBody(req);
        const match = path === null ? undefined : deps.router.match(method, path);
        if (match === undefined) throw errors.notFound();
        if (match === 'method-not-allowed') throw errors.methodNotAllowed();
        const { route, params } = match;
        entry.route = route.pattern;
        const major = route.major.map((p) => params[p] ?? '').join(':');
        const bucket = limiter.take(`${method} ${route.pattern}`, major);
        headers = rateLimitHeaders(bucket);
        if (route.auth && req.headers.authorization !== `Bot ${deps.token()}`) throw errors.unauthorized();
        const globalWait = route.auth ? global.take() : undefined;
        const parsed = await parseBody(req, raw);
        entry.body = parsed.body;
        const fault = deps.faults.take(method, path ?? '');
        if (fault) {
          entry.injected = true;
          if (fault.status === 429) {
            const retryAfter = fault.retryAfter ?? 0.05;
            headers = { ...headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': retryAfter.toFixed(3), 'retry-after': String(retryAfter), 'x-ratelimit-scope': fault.global ? 'global' : 'user' };
            if (fault.global) headers['x-ratelimit-global'] = 'true';
            result = { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: fault.global ?? false } };
          } else {
            const err = faultError(fault.status, fault.code);
            result = { status: fault.status, body: { ...err.body(), ...(fault.message ? { message: fault.message } : {}) } };
          }
        } else if (globalWait !== undefined) {
          headers = { ...headers, 'retry-after': String(Math.ceil(globalWait)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' };
          result = { status: 429, body: { message: 'You are being rate limited.', retry_after: Number(globalWait.toFixed(3)), global: true } };
        } else if (bucket.exceeded) {
          const retryAfter = Math.max(0, bucket.resetAt - Date.now()) / 1000;
          // Discord's header is whole seconds; the body carries the precise float.
          headers = { ...headers, 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-scope': 'user' };
          result = { status: 429, body: { message: 'You are being rate limited.', retry_after: Number(retryAfter.toFixed(3)), global: false } };
        } else {
          const ctx: RequestContext = { method, path: path ?? '', query: url.searchParams, params, headers: req.headers, body: parsed.body, files: parsed.files };
          result = await route.handler(ctx);
        }
      } catch (error) {
        if (error instanceof ApiError) result = { status: error.status, body: error.body() };
        else {
          // A bug in the fake itself: make it loud in the test output.
          console.error('[fake-discord] handler crashed', method, url.pathname, error);
          result = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
        }
      }
      entry.status = result.status;
      deps.log.push(entry);
      send(res, result, { ...headers, ...result.headers });
    })();
  };
}
