/**
 * The three-tier HTTP error handler: our own {@link AppError}s become their
 * problem+json; Hono's HTTPExceptions keep their status; anything else goes
 * through {@link toAppError} (a NATS outage is a retryable 503, a full store a
 * 507, the rest a logged 500 with the detail hidden). Client mistakes never end as 500.
 * @module
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, createError, type ErrorCode, toAppError, UnavailableError } from '../errors';
import type { Logger } from '../logger';

/** Media type of RFC 9457 bodies. */
export const PROBLEM_JSON = 'application/problem+json';

/** Writes an {@link AppError} as problem+json (with Retry-After when known). */
export function problemResponse(c: Context, err: AppError): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const body = err.toProblem({ instance: c.req.path, ...(requestId ? { requestId } : {}) });
  const headers: Record<string, string> = { 'content-type': PROBLEM_JSON };
  if (err.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(Math.ceil(err.retryAfterSeconds));
  }
  return c.body(JSON.stringify(body), err.status as ContentfulStatusCode, headers);
}

const statusToCode = (status: number): ErrorCode => {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'UNAVAILABLE';
    case 507:
      return 'INSUFFICIENT_STORAGE';
    default:
      return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  }
};

/**
 * Builds Hono's `onError` handler for a service.
 * @param onServerError sees every 5xx answered (e.g. to mark readiness when the store is full).
 */
export function createErrorHandler(logger: Logger, onServerError?: (err: AppError) => void) {
  return function handleError(err: Error, c: Context): Response {
    // Tier 1: something we threw ourselves, with a stable code.
    if (err instanceof AppError) {
      if (err.status >= 500) {
        logger.error(
          { err, code: err.code, path: c.req.path, request_id: c.get('requestId' as never) },
          'request failed',
        );
        onServerError?.(err);
      }
      return problemResponse(c, err);
    }
    // Tier 2: Hono's own exceptions (body limit, malformed JSON…) carry a usable status.
    if (err instanceof HTTPException) {
      const code = statusToCode(err.status);
      const message =
        err.status === 413
          ? 'The request body is too large.'
          : err.message || 'The request could not be processed.';
      return problemResponse(c, createError(code, message, { cause: err }));
    }
    // Malformed JSON bodies surface as SyntaxError from c.req.json().
    if (err instanceof SyntaxError) {
      return problemResponse(
        c,
        createError('BAD_REQUEST', `The request body is not valid JSON: ${err.message}`),
      );
    }
    // Tier 3: a NATS failure (an outage, a full store) gets its retryable code and is logged as a
    // warning with that code; anything else is ours to find (error level, detail hidden).
    const appErr = toAppError(err);
    const fields = {
      err,
      code: appErr.code,
      path: c.req.path,
      request_id: c.get('requestId' as never),
    };
    if (appErr instanceof UnavailableError) {
      logger.warn(fields, 'request failed; the client may retry');
    } else {
      logger.error(fields, 'unhandled error');
    }
    onServerError?.(appErr);
    return problemResponse(c, appErr);
  };
}
