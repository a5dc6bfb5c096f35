/**
 * pino logger with secrets redacted by path, so a secret that slips into a log
 * object is still never written.
 * @module
 */
import { type Logger, pino } from 'pino';
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
 * The correlation fields of a log line: `trace_id`/`span_id` of the active span
 * (when tracing is on). The request id comes from the logger the work was given
 * ({@link forRequest}). A new object every call: pino merges the line's own fields into it.
 */
export function correlation(): Record<string, string> {
  return activeTraceIds() ?? {};
}

/** A logger whose lines carry the request id of the work they are written for. */
export function forRequest(logger: Logger, requestId: string): Logger {
  return logger.child({ request_id: requestId });
}

/**
 * Creates the service logger (JSON lines, ISO time, `service` on every line,
 * secrets redacted, and the trace ids of the active span).
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
