// Opens the PostgreSQL database for the bot: a pool, then the schema brought up to date. Any failure
// here stops start-up with a message naming the server and database (never the password).
import type { Logger } from '../../logger.js';
import { migratePostgres, PG_MIGRATIONS, type PgMigration } from './migrations.js';
import { createPool, describeTarget, explainPostgresError, type Pool, type PoolOptions, PostgresOpenError, withoutPassword } from './pool.js';

export interface OpenPostgresOptions extends PoolOptions {
  migrations?: readonly PgMigration[];
}

export async function openPostgres(url: string, logger: Logger, { migrations = PG_MIGRATIONS, ...poolOptions }: OpenPostgresOptions = {}): Promise<Pool> {
  let pool: Pool;
  try {
    pool = createPool(url, logger, poolOptions);
  } catch (error) {
    // pg refuses some URLs before connecting (a bad port, a missing sslrootcert file).
    throw new PostgresOpenError(url, withoutPassword((error as Error).message, url));
  }
  try {
    const version = await migratePostgres(pool, migrations);
    logger.info({ target: describeTarget(url), version }, 'PostgreSQL database ready');
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new PostgresOpenError(url, withoutPassword(explainPostgresError(error, poolOptions.connectTimeoutMs ?? 10_000), url));
  }
}
