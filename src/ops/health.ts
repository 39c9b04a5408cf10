// HEALTH_PORT: /healthz for a supervisor or load balancer (200 when the gateway is ready and the
// database answers, 503 otherwise, with the reasons) and /metrics for Prometheus. Off unless set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Each check resolves to a problem to report, or undefined when that part is fine. */
export type Checks = Record<string, () => Promise<string | undefined>>;

export interface HealthChecks {
  /** The problems found now, by part; none means healthy. */
  checks: () => Promise<Record<string, string>>;
  metrics: () => Promise<string>;
}

/** What one bot process reports about itself, to its own server or to a sharding parent. */
export interface HealthProbe {
  health(): Promise<Record<string, string>>;
  metricsJson(): Promise<object[]>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function problemsOf(checks: Checks): Promise<Record<string, string>> {
  const problems: Record<string, string> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const problem = await check().catch((error: unknown) => `check failed: ${(error as Error).message}`);
      if (problem) problems[name] = problem;
    }),
  );
  return problems;
}

export async function startHealthServer(port: number, { checks, metrics }: HealthChecks, host = '0.0.0.0'): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    void (async () => {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
      } else if (path === '/healthz') {
        const problems = await checks();
        const ok = Object.keys(problems).length === 0;
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, problems }));
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(await metrics());
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
