// Structured logs (pino), written to stderr so that stdout stays clean for the CLI's --json output.
// Log calls put the context object first and the message second: logger.warn({ file, reason }, 'skipped').
// Two formats: JSON for machines (files, log collectors), one pretty line per event for a person at a
// terminal. Both go through pino's redaction first, so neither can show the token.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from './config.js';

export type { Logger };

/** Paths that may hold the bot token; pino replaces them before anything is written. */
const REDACT = ['token', 'config.token', '*.token', 'headers.authorization', '*.headers.authorization'];

type Destination = NodeJS.WritableStream & { isTTY?: boolean };

/** The format to use when none was chosen: pretty for a person at a terminal, JSON for everything else. */
export function defaultLogFormat(destination: Destination): LogFormat {
  return destination.isTTY === true ? 'pretty' : 'json';
}

interface ErrorLike {
  type?: unknown;
  message?: unknown;
  code?: unknown;
}

/**
 * One line per event: the error, if any, is shown by its type, code and message; its stack stays in
 * the JSON format, where a multi-line value cannot break the one-event-per-line reading.
 */
function prettyLine(log: Record<string, unknown>, messageKey: string): string {
  const message = String(log[messageKey] ?? '');
  const err = log.err as ErrorLike | undefined;
  if (!err || typeof err !== 'object') return message;
  const code = err.code !== undefined ? ` [${String(err.code)}]` : '';
  return `${message} (${String(err.type ?? 'Error')}${code}: ${String(err.message ?? '')})`;
}

function prettyStream(destination: Destination): NodeJS.WritableStream {
  return pretty({
    destination,
    sync: true,
    colorize: destination.isTTY === true,
    singleLine: true,
    // Local time, as a person reading along expects; the JSON lines keep UTC.
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,err',
    messageFormat: prettyLine,
  });
}

/**
 * A logger writing to `destination` (stderr by default) in `format`, or, when no format is given, pretty
 * on a terminal and JSON otherwise.
 */
export function createLogger(level: string, destination: Destination = process.stderr, format: LogFormat = defaultLogFormat(destination)): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined };
  if (format === 'pretty') return pino(options, prettyStream(destination));
  // ISO times rather than epoch milliseconds: still sortable and parseable, and readable as they are.
  return pino({ ...options, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** A logger that drops everything, for tests and tools that want silence. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
