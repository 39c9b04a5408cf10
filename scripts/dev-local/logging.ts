// The sandbox's logs: everything at LOG_LEVEL into a file in its data folder, and warnings and errors
// also at the prompt as one short line each, so a problem is noticed without burying the prompt.
import { createWriteStream, type WriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import type { BaseConfig } from '../../src/config.js';
import { createTeeLogger, type Logger } from '../../src/logger.js';

interface LogLine {
  level?: number;
  msg?: string;
  err?: { message?: string };
  reason?: string;
  file?: string;
}

const LABELS: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/** "warning: schedule paused (Missing Access)": the message and the one detail that explains it. */
export function shortLogLine(line: LogLine): string {
  const detail = line.reason ?? line.err?.message ?? line.file;
  return `${LABELS[line.level ?? 40] ?? 'log'}: ${line.msg ?? ''}${detail ? ` (${detail})` : ''}`;
}

/** A stream that turns pino's JSON lines into calls of `show`. */
function lineSink(show: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const raw of chunk.toString().split('\n')) {
        if (!raw.trim()) continue;
        try {
          show(shortLogLine(JSON.parse(raw) as LogLine));
        } catch {
          show(raw.slice(0, 200));
        }
      }
      done();
    },
  });
}

export interface SandboxLog {
  logger: Logger;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** The more severe of warn and LOG_LEVEL: the prompt shows no more than the file does. */
function promptLevel(level: BaseConfig['logLevel']): string {
  return ['error', 'fatal', 'silent'].includes(level) ? level : 'warn';
}

export function openSandboxLog(config: BaseConfig, logFile: string, show: (text: string) => void): SandboxLog {
  const file: WriteStream = createWriteStream(logFile, { flags: 'a' });
  const logger = createTeeLogger([
    // A file is not a terminal: JSON unless LOG_FORMAT=pretty asks otherwise.
    { level: config.logLevel, destination: file, format: config.logFormat ?? 'json' },
    { level: promptLevel(config.logLevel), destination: lineSink(show), format: 'json' },
  ]);
  return {
    logger,
    close: () => new Promise<void>((resolve) => file.end(resolve)),
  };
}
