// Opens every store the bot keeps, on the backend the configuration picks: PostgreSQL when
// DATABASE_URL is set, else SQLite at DATABASE_PATH. Both give the same interfaces and pass the same
// contract tests, so nothing above this module knows which one it has.
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';
import type { DeliveriesStore, DeliveryLog, PublishQueueStore, SchedulesStore } from '../scheduler/types.js';
import { type Database, openDatabase } from './database.js';
import type { GuildSettingsStore } from './guild-settings.js';
import type { InteractionsStore } from './interactions.js';
import { PgDeliveries } from './postgres/deliveries.js';
import { PgDeliveryLog } from './postgres/delivery-log.js';
import { PgGuildSettings } from './postgres/guild-settings.js';
import { PgInteractions } from './postgres/interactions.js';
import { type OpenPostgresOptions, openPostgres } from './postgres/open.js';
import { PgSchedules } from './postgres/schedules.js';
import { SqliteDeliveries } from './sqlite-deliveries.js';
import { SqliteDeliveryLog } from './sqlite-delivery-log.js';
import { SqliteGuildSettings } from './sqlite-guild-settings.js';
import { SqliteInteractions } from './sqlite-interactions.js';
import { SqlitePublishQueue } from './sqlite-publish-queue.js';
import { SqliteWebhooks } from './sqlite-webhooks.js';
import { PgPublishQueue } from './postgres/publish-queue.js';
import { PgWebhooks } from './postgres/webhooks.js';
import type { WebhookStore } from '../discord/webhooks.js';
import type { SummaryCache } from '../summaries/summary-cache.js';
import { SqliteSummaryCache } from './summaries/sqlite-summary-cache.js';
import { PgSummaryCache } from './postgres/summary-cache.js';
import { SqliteInstances } from './sqlite-instances.js';
import type { InstancesStore } from './instances.js';
import { PgInstances } from './postgres/instances.js';
import { SqliteSchedules } from './sqlite-schedules.js';
import type { ArticleCatalog, SummaryStore } from './catalog/types.js';
import { SqliteCatalog } from './catalog/sqlite-catalog.js';
import { SqliteSummaries } from './catalog/sqlite-summaries.js';
import { PgCatalog } from './postgres/catalog.js';
import { PgSummaries } from './postgres/catalog-summaries.js';
import type { FeedsStore } from './feeds.js';
import { SqliteFeeds } from './sqlite-feeds.js';
import { PgFeeds } from './postgres/feeds.js';

/** The stores the scheduler and its runs use (what assembleDeps needs besides settings). */
export interface ScheduleStores {
  schedules: SchedulesStore;
  deliveries: DeliveriesStore;
  log: DeliveryLog;
}

/** Every store the bot's services use, on one database. */
export interface AppStores extends ScheduleStores {
  settings: GuildSettingsStore;
  interactions: InteractionsStore;
  instances: InstancesStore;
  publishes: PublishQueueStore;
  webhooks: WebhookStore;
  summaries: SummaryCache;
  /** Every article the bot knows, with search, autocomplete and each schedule's queue. */
  catalog: ArticleCatalog;
  /** Summaries stored per article version (the model summary cache is `summaries`). */
  articleSummaries: SummaryStore;
  feeds: FeedsStore;
}

export interface Stores extends AppStores {
  backend: 'sqlite' | 'postgres';
  /** The SQLite connection, for tests that look at rows directly; absent on PostgreSQL. */
  sqlite?: Database;
  /** Resolves when the database answers a trivial query (for /healthz). */
  ping(): Promise<void>;
  /** Closes the database (or the pool); after it, no store may be used. */
  close(): Promise<void>;
}

export interface StoreConfig {
  databasePath: string;
  databaseUrl?: string;
}

export interface OpenStoresOptions {
  logger: Logger;
  clock: Clock;
  /** Pool size, connect timeout and migrations, for PostgreSQL. */
  postgres?: OpenPostgresOptions;
}

/** The scheduling stores on an open SQLite database (also what assembleDeps builds from `db`). */
export function sqliteScheduleStores(db: Database, logger: Logger): ScheduleStores {
  return { schedules: new SqliteSchedules(db, logger), deliveries: new SqliteDeliveries(db), log: new SqliteDeliveryLog(db) };
}

/** Every store on an open SQLite database. */
export function sqliteStores(db: Database, logger: Logger, clock: Clock): AppStores {
  return {
    ...sqliteScheduleStores(db, logger),
    settings: new SqliteGuildSettings(db, logger, clock),
    interactions: new SqliteInteractions(db),
    instances: new SqliteInstances(db),
    publishes: new SqlitePublishQueue(db),
    webhooks: new SqliteWebhooks(db),
    summaries: new SqliteSummaryCache(db),
    catalog: new SqliteCatalog(db, clock),
    articleSummaries: new SqliteSummaries(db),
    feeds: new SqliteFeeds(db, logger),
  };
}

/**
 * Opens the database and returns every store on it. Throws DatabaseOpenError or PostgresOpenError with
 * a message naming the file, or the server and database, when it cannot be used.
 */
export async function openStores(config: StoreConfig, { logger, clock, postgres }: OpenStoresOptions): Promise<Stores> {
  if (config.databaseUrl) {
    const pool = await openPostgres(config.databaseUrl, logger, postgres);
    return {
      backend: 'postgres',
      settings: new PgGuildSettings(pool, logger, clock),
      schedules: new PgSchedules(pool, logger),
      deliveries: new PgDeliveries(pool),
      log: new PgDeliveryLog(pool),
      interactions: new PgInteractions(pool),
      instances: new PgInstances(pool),
      publishes: new PgPublishQueue(pool),
      webhooks: new PgWebhooks(pool),
      summaries: new PgSummaryCache(pool),
      catalog: new PgCatalog(pool, clock),
      articleSummaries: new PgSummaries(pool),
      feeds: new PgFeeds(pool, logger),
      ping: async () => {
        await pool.query('SELECT 1');
      },
      close: () => pool.end(),
    };
  }
  const db = openDatabase(config.databasePath);
  return {
    backend: 'sqlite',
    ...sqliteStores(db, logger, clock),
    sqlite: db,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      db.close();
    },
  };
}
