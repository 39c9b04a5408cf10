// What the bot counts for operators, in Prometheus' text format (prom-client). Counters are bumped
// where things happen; the gauges that describe the database (pending claims, paused schedules) are
// read from it when /metrics is scraped, so they are right whichever process did the work.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface DatabaseGauges {
  pendingClaims(): Promise<number>;
  pausedSchedules(): Promise<number>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly interactions = new Counter({ name: 'newsbot_interactions_total', help: 'Interactions handled, by command and outcome', labelNames: ['command', 'outcome'] as const, registers: [this.registry] });
  readonly posts = new Counter({ name: 'newsbot_posts_total', help: 'Articles posted by schedules', registers: [this.registry] });
  readonly failures = new Counter({ name: 'newsbot_post_failures_total', help: 'Failed scheduled posts, by Discord error code and scope', labelNames: ['code', 'scope'] as const, registers: [this.registry] });
  readonly rateLimits = new Counter({ name: 'newsbot_rate_limited_total', help: 'Requests Discord answered with 429', registers: [this.registry] });
  readonly scheduleLag = new Histogram({
    name: 'newsbot_schedule_lag_seconds',
    help: 'How late a scheduled run started after it was due',
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });
  private database: DatabaseGauges | undefined;

  constructor(labels: Record<string, string> = {}) {
    this.registry.setDefaultLabels(labels);
    const metrics = this;
    new Gauge({
      name: 'newsbot_pending_claims',
      help: 'Posts claimed but not yet confirmed (in flight, or waiting to be checked after a crash)',
      registers: [this.registry],
      async collect() {
        // The last value stays when the database cannot answer: a scrape never fails because of it.
        const value = await metrics.database?.pendingClaims().catch(() => undefined);
        if (value !== undefined) this.set(value);
      },
    });
    new Gauge({
      name: 'newsbot_paused_schedules',
      help: 'Schedules paused until an admin acts',
      registers: [this.registry],
      async collect() {
        const value = await metrics.database?.pausedSchedules().catch(() => undefined);
        if (value !== undefined) this.set(value);
      },
    });
  }

  readDatabaseFrom(gauges: DatabaseGauges): void {
    this.database = gauges;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
