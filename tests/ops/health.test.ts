import { describe, expect, it } from 'vitest';
import { problemsOf, startHealthServer } from '../../src/ops/health.js';
import { Metrics } from '../../src/ops/metrics.js';

describe('health server', () => {
  it('answers 503 with the problems while a part is down, 200 when all are fine, and serves metrics', async () => {
    let gatewayUp = false;
    const metrics = new Metrics({ shards: '0' });
    metrics.readDatabaseFrom({ pendingClaims: async () => 3, pausedSchedules: async () => Promise.reject(new Error('locked')) });
    const server = await startHealthServer(0, {
      checks: () => problemsOf({
        gateway: async () => (gatewayUp ? undefined : 'not connected to the Discord gateway yet'),
        database: async () => {
          throw new Error('database is locked');
        },
      }),
      metrics: () => metrics.text(),
    }, '127.0.0.1');
    try {
      const down = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, problems: { gateway: 'not connected to the Discord gateway yet', database: 'check failed: database is locked' } });
      gatewayUp = true;
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      expect(text).toContain('newsbot_pending_claims{shards="0"} 3');
      // A gauge the database cannot answer keeps its last value rather than failing the scrape.
      expect(text).toContain('# TYPE newsbot_paused_schedules gauge');
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });
});
