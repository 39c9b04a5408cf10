// Connecting to PostgreSQL (pg 8): a pool built from DATABASE_URL, and start-up errors that say which
// server and database could not be used, and why, without ever showing the password.
// TLS comes from the URL as pg reads it: sslmode=disable (none), sslmode=verify-full or require (TLS,
// certificate and host name checked), sslmode=no-verify (TLS without checking the certificate),
// sslrootcert=<file> for a private CA, sslcert=<file> and sslkey=<file> for a client certificate, and
// uselibpqcompat=true to give prefer, require and verify-ca libpq's weaker meanings.
import pg from 'pg';
import type { Logger } from '../../logger.js';

export type Pool = pg.Pool;

export interface PoolOptions {
  /** Connections per process (default 10). */
  max?: number;
  /** How long a connection attempt may take (default 10 s). */
  connectTimeoutMs?: number;
}

/** "database "news" on db.example.org:5432 as "bot"", from the URL's parts; never the password. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.searchParams.get('host') ?? (parsed.hostname || 'localhost');
    const port = parsed.searchParams.get('port') ?? (parsed.port || '5432');
    const user = decodeURIComponent(parsed.username);
    const database = decodeURIComponent(parsed.pathname.slice(1)) || user;
    return `database "${database}" on ${host}:${port}${user ? ` as "${user}"` : ''}`;
  } catch {
    return 'the database in DATABASE_URL';
  }
}

export class PostgresOpenError extends Error {
  constructor(url: string, reason: string) {
    super(`Cannot use the PostgreSQL ${describeTarget(url)}: ${reason}.`);
    this.name = 'PostgresOpenError';
  }
}

const TLS_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** Why a connection or the schema check failed, in words an operator can act on. */
export function explainPostgresError(error: unknown, connectTimeoutMs: number): string {
  const { code = '', message = String(error) } = error as { code?: string; message?: string };
  if (code === 'ECONNREFUSED') return 'nothing accepts connections there (is the server running, on that host and port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name cannot be resolved';
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return `no answer within ${connectTimeoutMs} ms`;
  if (code === '28P01') return 'the server refused the password for that user';
  if (code === '28000') return `the server does not accept this connection (${message}; check pg_hba.conf, the user and sslmode)`;
  if (code === '3D000') return 'that database does not exist (create it first, owned by the bot\'s user)';
  if (code === '42501') return `the user lacks a permission the bot needs (${message})`;
  if (TLS_CODES.has(code)) return `the server's TLS certificate was not accepted (${code}); name its CA with sslrootcert=<file>, or use sslmode=no-verify`;
  if (/does not support SSL/i.test(message)) return 'the server does not offer TLS (use sslmode=disable only on a trusted network)';
  return message;
}

/** Removes the URL's password from a text, in case a driver message ever quotes it. */
export function withoutPassword(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password ? text.split(password).join('***') : text;
}

/**
 * A pool for the URL. Errors on idle connections (the server restarting, a network cut) are logged
 * instead of crashing the process; the pool replaces the connection on the next query.
 */
export function createPool(url: string, logger: Logger, { max = 10, connectTimeoutMs = 10_000 }: PoolOptions = {}): Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: connectTimeoutMs, application_name: 'news-bot' });
  pool.on('error', (error) => {
    logger.warn({ reason: withoutPassword(explainPostgresError(error, connectTimeoutMs), url), target: describeTarget(url) }, 'an idle PostgreSQL connection failed; it will be replaced');
  });
  return pool;
}

/** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped rather than handed to the next caller.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
