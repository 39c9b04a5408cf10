// Route table for /api/v10: patterns with `:params`; literal segments (like `@original`) win over
// params, and a path that matches only under another method answers 405 as Discord does.
import type { IncomingHttpHeaders } from 'node:http';
import type { UploadedFile } from './validate-message.js';

export interface RequestContext {
  method: string;
  /** Decoded path below /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  files: UploadedFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Extra response headers (they win over the generic rate-limit headers), e.g. a route's own 429. */
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => RouteResult | Promise<RouteResult>;

export interface Route {
  method: string;
  pattern: string;
  /** false for routes authenticated by the token in the URL (interactions, webhooks) or public ones. */
  auth: boolean;
  handler: Handler;
  /** Param names that make up the rate-limit "major parameter". */
  major: string[];
  /**
   * Claims the path only when true. Lets two resources share one path shape, as channel webhooks and
   * interaction webhooks share /webhooks/{id}/{token}: a guarded route that matches wins the tie.
   */
  when?: (params: Record<string, string>) => boolean;
}

export type RouteMatch = { route: Route; params: Record<string, string> };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, opts: { auth?: boolean; major?: string[]; when?: Route['when'] } = {}): this {
    this.routes.push({ method, pattern, handler, auth: opts.auth ?? true, major: opts.major ?? [], ...(opts.when ? { when: opts.when } : {}) });
    return this;
  }

  match(method: string, path: string): RouteMatch | 'method-not-allowed' | undefined {
    const segments = path.split('/').filter(Boolean);
    let best: { match: RouteMatch; score: number } | undefined;
    let otherMethod = false;
    for (const route of this.routes) {
      const parts = route.pattern.split('/').filter(Boolean);
      if (parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const ok = parts.every((part, i) => {
        const seg = segments[i] ?? '';
        if (part.startsWith(':')) {
          params[part.slice(1)] = seg;
          return true;
        }
        literals++;
        return part === seg;
      });
      if (!ok || (route.when && !route.when(params))) continue;
      if (route.method !== method) {
        otherMethod = true;
        continue;
      }
      const score = literals * 2 + (route.when ? 1 : 0);
      if (!best || score > best.score) best = { match: { route, params }, score };
    }
    return best?.match ?? (otherMethod ? 'method-not-allowed' : undefined);
  }
}
