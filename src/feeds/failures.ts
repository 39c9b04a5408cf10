// Sorts what went wrong with a fetch into a code, whether it is worth retrying, and a sentence an admin
// can act on. Server-supplied text (status lines, error pages) never reaches the sentence.
import { STATUS_CODES } from 'node:http';
import { BlockedAddressError } from './guarded-agent.js';
import { parseRetryAfter } from './retry.js';
import type { FetchFailure } from './types.js';

// Statuses that say "not now" rather than "never": timeouts, too early, rate limits and server errors.
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

export function failureFromStatus(status: number, retryAfter: string | null, nowMs: number): FetchFailure {
  const name = STATUS_CODES[status];
  const label = name ? `HTTP ${status} ${name}` : `HTTP ${status}`;
  const transient = TRANSIENT_STATUSES.has(status) || status >= 500;
  const failure: FetchFailure =
    status === 429
      ? { kind: 'failed', code: 'rate-limited', transient, status, reason: `the server asks the bot to slow down (${label})` }
      : { kind: 'failed', code: 'http-status', transient, status, reason: `the server answered ${label}` };
  // Retry-After means something on 429 and 503 (and on redirects, which never get here).
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  }
  return failure;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 6; ) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function errorCode(chain: unknown[]): string | undefined {
  for (const link of chain) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const TLS_CODE = /CERT|SELF_SIGNED|^ERR_TLS_|^ERR_SSL_|UNABLE_TO_(GET|VERIFY)/;

export interface ErrorContext {
  host: string;
  timedOut: boolean;
  timeoutMs: number;
}

export function failureFromError(error: unknown, { host, timedOut, timeoutMs }: ErrorContext): FetchFailure {
  const chain = causes(error);
  const blocked = chain.find((link): link is BlockedAddressError => link instanceof BlockedAddressError);
  if (blocked) {
    return {
      kind: 'failed',
      code: 'blocked-address',
      transient: false,
      reason: `${host} leads to a local, private or reserved network address, which the bot never fetches from`,
      detail: blocked.message,
    };
  }
  if (timedOut) {
    return { kind: 'failed', code: 'timeout', transient: true, reason: `${host} did not answer completely within ${timeoutMs / 1000} s` };
  }
  const code = errorCode(chain);
  const detail = code ?? (error as Error | undefined)?.message;
  if (code && DNS_CODES.has(code)) {
    return { kind: 'failed', code: 'dns', transient: true, reason: `the name ${host} could not be looked up (${code})` };
  }
  if (code && TLS_CODE.test(code)) {
    return { kind: 'failed', code: 'tls', transient: false, reason: `${host} does not have a valid HTTPS certificate (${code})` };
  }
  return {
    kind: 'failed',
    code: 'network',
    transient: true,
    reason: `could not get an answer from ${host}${code ? ` (${code})` : ''}`,
    ...(detail !== undefined && { detail: String(detail).slice(0, 300) }),
  };
}
