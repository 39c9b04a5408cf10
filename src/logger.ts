// Structured logs (pino), written to stderr so that stdout stays clean for the CLI's --json output.
// Log calls put the context object first and the message second: logger.warn({ file, reason }, 'skipped').
// Two formats: JSON for machines (files, log collectors), one pretty line per event for a person at a
// terminal. Both go through pino's redaction first, so neither can show the token.
import { type Level, type LoggerOptions, pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from './config.js';

export type { Logger };

/**
 * Paths that may hold a secret (the bot token, a webhook's token, the database password, the summary
 * model's key, an Authorization header in either spelling); pino replaces them before anything is
 * written. Code never logs request headers or the configuration on purpose; these catch the accident.
 */
const REDACT = [
  'token', 'config.token', '*.token', 'headers.authorization', '*.headers.authorization',
  'headers.Authorization', '*.headers.Authorization', 'authorization', 'Authorization', 'summaryModel.key', '*.summaryModel.key',
  'databaseUrl', 'config.databaseUrl', '*.databaseUrl',
  'webhookToken', '*.webhookToken', 'webhook.token', '*.webhook.token', 'hook.token', '*.hook.token',
];

/** A webhook's (or an interaction's) token sits in its URL: /webhooks/{id}/{token}. */
const URL_TOKEN = /(\/webhooks\/\d+\/)[^/?#\s"']+/g;

export function redactUrlTokens(text: string): string {
  return text.replace(URL_TOKEN, '$1[redacted]');
}

/** pino's error serializer, with tokens taken out of every text it shows (Discord's errors carry the URL). */
function errorSerializer(error: unknown): unknown {
  const out = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!out || typeof out !== 'object') return out;
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (typeof value === 'string') out[key] = redactUrlTokens(value);
    // The request body of a failed webhook call holds no token, but keep it out of logs all the same.
    else if (key === 'requestBody') delete out[key];
  }
  return out;
}

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

function baseOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined, serializers: { err: errorSerializer } };
}

/**
 * A logger writing to `destination` (stderr by default) in `format`, or, when no format is given, pretty
 * on a terminal and JSON otherwise.
 */
export function createLogger(level: string, destination: Destination = process.stderr, format: LogFormat = defaultLogFormat(destination)): Logger {
  if (format === 'pretty') return pino(baseOptions(level), prettyStream(destination));
  // ISO times rather than epoch milliseconds: still sortable and parseable, and readable as they are.
  return pino({ ...baseOptions(level), timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

export interface LogOutput {
  level: string;
  destination: Destination;
  format: LogFormat;
}

/** One logger, several outputs each with its own level and format (a file, and warnings on screen). */
export function createTeeLogger(outputs: LogOutput[]): Logger {
  const active = outputs.filter((output) => output.level !== 'silent');
  if (active.length === 0) return silentLogger();
  const streams = active.map((output) => ({
    level: output.level as Level,
    stream: output.format === 'pretty' ? prettyStream(output.destination) : output.destination,
  }));
  const lowest = active.reduce((low, output) => (pino.levels.values[output.level]! < pino.levels.values[low]! ? output.level : low), active[0]!.level);
  return pino({ ...baseOptions(lowest), timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
}

/** A logger that drops everything, for tests and tools that want silence. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
