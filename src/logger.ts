// Structured logs (pino), written to stderr so that stdout stays clean for the CLI's --json output.
// Log calls put the context object first and the message second: logger.warn({ file, reason }, 'skipped').
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that may hold the bot token or the database password; pino replaces them before anything is written. */
const REDACT = ['token', 'config.token', '*.token', 'headers.authorization', '*.headers.authorization', 'databaseUrl', 'config.databaseUrl', '*.databaseUrl'];

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination);
}

/** A logger that drops everything, for tests and tools that want silence. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
