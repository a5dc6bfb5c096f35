/**
 * pino logger with secrets redacted by path, so a secret that slips into a log
 * object is still never written.
 * @module
 */
import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Field names that hold secrets anywhere in a log object. */
export const SECRET_FIELD_NAMES = [
  'password',
  'clientSecret',
  'refreshToken',
  'accessToken',
  'token',
  'secret',
  'secrets',
  'authorization',
  'Authorization',
] as const;

const redactPaths = SECRET_FIELD_NAMES.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where to write (tests pass a stream to inspect lines). Defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

/** Creates the service logger (JSON lines, ISO time, `service` on every line, secrets redacted). */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
