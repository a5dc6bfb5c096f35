/**
 * pino logger with secrets redacted by path, so a secret that slips into a log
 * object is still never written.
 * @module
 */
import { type Logger, pino } from 'pino';
import { currentRequestId } from './request-context';
import { activeTraceIds } from './tracing';

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

/**
 * The correlation fields of a log line: `request_id` of the work under way and
 * `trace_id`/`span_id` of the active span (only what exists). A new object
 * every call: pino merges the line's own fields into it.
 */
export function correlation(): Record<string, string> {
  const requestId = currentRequestId();
  const ids = activeTraceIds();
  if (!ids) {
    return requestId === undefined ? {} : { request_id: requestId };
  }
  return requestId === undefined ? ids : { request_id: requestId, ...ids };
}

/**
 * Creates the service logger (JSON lines, ISO time, `service` on every line,
 * secrets redacted, and the request and trace ids of the work under way).
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
    mixin: correlation,
  };
  return destination ? pino(options, destination) : pino(options);
}
