// GET for addresses that people type in: http(s) only, every redirect hop checked again by the guarded
// agent, at most 5 redirects, one deadline for the whole fetch, a cap on the body, conditional GET, and
// the host queue's politeness. Every outcome is a value; nothing here throws for a bad site.
import { fetch, type Agent } from 'undici';
import { createGuardedAgent, type GuardedAgentOptions } from './guarded-agent.js';
import { HostQueue } from './host-queue.js';
import { readLimited } from './read-body.js';
import { failureFromError, failureFromStatus } from './failures.js';
import type { CacheValidators, FetchFailure, HttpOutcome } from './types.js';

export const DEFAULT_USER_AGENT = 'news-bot/0.1 (Discord news bot; feed reader)';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MIN_HOST_INTERVAL_MS = 1_000;

export interface SafeHttpOptions extends GuardedAgentOptions {
  userAgent?: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRedirects?: number;
  minHostIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GetRequest extends CacheValidators {
  accept: string;
}

export interface SafeHttp {
  get(url: string, request: GetRequest): Promise<HttpOutcome>;
  /** Closes the pooled connections; pending gets fail. */
  close(): Promise<void>;
}

type Fetched = { kind: 'ok'; body: Uint8Array; contentType?: string } & CacheValidators;
type Step = { kind: 'redirect'; location: string; permanent: boolean } | { kind: 'not-modified' } | Fetched | FetchFailure;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function failed(code: FetchFailure['code'], reason: string, transient = false): FetchFailure {
  return { kind: 'failed', code, transient, reason };
}

/** The URL when it is an absolute http(s) address without credentials, else why not. */
export function parseHttpUrl(input: string, base?: URL): URL | FetchFailure {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    return failed('bad-url', 'not a valid web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed('bad-url', `only http and https addresses are fetched, not ${url.protocol}`);
  if (url.username || url.password) return failed('bad-url', 'addresses with a user name or password are not supported');
  url.hash = '';
  return url;
}

export function createSafeHttp(options: SafeHttpOptions = {}): SafeHttp {
  const agent: Agent = createGuardedAgent(options);
  const now = options.now ?? Date.now;
  const queue = new HostQueue({ minIntervalMs: options.minHostIntervalMs ?? DEFAULT_MIN_HOST_INTERVAL_MS, now, ...(options.sleep && { sleep: options.sleep }) });
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;

  async function requestOnce(url: URL, request: GetRequest, signal: AbortSignal): Promise<Step> {
    const headers: Record<string, string> = { 'user-agent': userAgent, accept: request.accept };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    const response = await fetch(url, { headers, redirect: 'manual', signal, dispatcher: agent });
    const { status } = response;
    if (status < 200 || status >= 300) {
      // Bodies of errors and redirects are never wanted: cancelling closes the connection instead of
      // downloading whatever the server sends.
      await response.body?.cancel().catch(() => undefined);
      if (REDIRECTS.has(status)) {
        const location = response.headers.get('location');
        if (!location) return failed('http-status', `the server answered with a redirect (HTTP ${status}) but no address to go to`);
        return { kind: 'redirect', location, permanent: status === 301 || status === 308 };
      }
      if (status === 304) return { kind: 'not-modified' };
      return failureFromStatus(status, response.headers.get('retry-after'), now());
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    const body = declared > maxBytes ? undefined : await readLimited(response.body, maxBytes);
    if (body === undefined) {
      await response.body?.cancel().catch(() => undefined);
      return failed('too-large', `the response is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most the bot reads`);
    }
    const fetched: Fetched = { kind: 'ok', body };
    for (const [field, header] of [['contentType', 'content-type'], ['etag', 'etag'], ['lastModified', 'last-modified']] as const) {
      const value = response.headers.get(header);
      if (value) fetched[field] = value;
    }
    return fetched;
  }

  async function get(input: string, request: GetRequest): Promise<HttpOutcome> {
    const first = parseHttpUrl(input);
    if (!(first instanceof URL)) return first;
    let url = first;
    let allPermanent = true;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      for (let hop = 0; ; hop++) {
        const host = url.hostname;
        const paused = queue.pausedFor(host);
        if (paused > 0) {
          return { ...failed('rate-limited', `${host} asked the bot to wait before fetching again`, true), retryAfterMs: paused };
        }
        const step = await queue.run(host, () => {
          // The deadline starts with the first request, not while waiting for the host's turn.
          timer ??= setTimeout(() => controller.abort(), timeoutMs);
          return requestOnce(url, request, controller.signal);
        });
        if (step.kind === 'redirect') {
          if (hop >= maxRedirects) return failed('too-many-redirects', `the address redirects more than ${maxRedirects} times`);
          const next = parseHttpUrl(step.location, url);
          if (!(next instanceof URL)) return { ...next, reason: `redirected to an address that is not fetched: ${next.reason}` };
          allPermanent &&= step.permanent;
          url = next;
          continue;
        }
        if (step.kind === 'failed') {
          if (step.retryAfterMs !== undefined) queue.pause(host, now() + step.retryAfterMs);
          return step;
        }
        const located = { finalUrl: url.href, ...(hop > 0 && allPermanent && { movedTo: url.href }) };
        return { ...step, ...located };
      }
    } catch (error) {
      return failureFromError(error, { host: url.hostname, timedOut: controller.signal.aborted, timeoutMs });
    } finally {
      clearTimeout(timer);
    }
  }

  let closing: Promise<void> | undefined;
  return { get, close: () => (closing ??= agent.close()) };
}
