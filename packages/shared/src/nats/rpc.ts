/**
 * Request/reply with one error vocabulary. Servers answer errors with the
 * services framework's headers (`Nats-Service-Error-Code` = HTTP status,
 * `Nats-Service-Error` = our stable code) and the problem JSON as the body;
 * clients rebuild the same {@link AppError} class from it.
 * @module
 */
import { headers, type Msg, type NatsConnection, errors as natsErrors } from '@nats-io/nats-core';
import { ServiceError, type ServiceMsg } from '@nats-io/services';
import type { z } from 'zod';
import { AppError, isErrorCode, NATS_RETRY_AFTER_S, toAppError, UnavailableError } from '../errors';
import type { Logger } from '../logger';
import { SpanKind, SpanStatusCode, Tracing } from '../tracing';
import { parseOrThrow } from '../validation';

const connections = new WeakMap<NatsConnection, Tracing>();

/**
 * Makes requests on `nc` ({@link requestJson}) traced by `tracing`: a service
 * registers its connection once at start. Unregistered connections are not traced.
 */
export function traceConnection(nc: NatsConnection, tracing: Tracing): void {
  connections.set(nc, tracing);
}

/** The tracing a connection was registered with ({@link Tracing.off} when none). */
export function tracingOf(nc: NatsConnection): Tracing {
  return connections.get(nc) ?? Tracing.off;
}

/** Replies to a service message with an error, in the shared vocabulary. */
export function respondProblem(msg: ServiceMsg, err: unknown): void {
  const appErr = toAppError(err);
  msg.respondError(
    appErr.status,
    appErr.code,
    JSON.stringify(appErr.toProblem({ expose: appErr.code !== 'INTERNAL' })),
  );
}

/** What a NATS endpoint logs to and traces with. */
export interface RpcContext {
  logger: Logger;
  tracing: Tracing;
  /** Where a handler's work is tracked, so a graceful stop waits for its reply. */
  inFlight?: { track(work: Promise<unknown>): void };
}

/**
 * Wraps a JSON endpoint handler: parses the request with `schema`, runs the
 * handler, replies with its JSON result or with a problem. Unknown errors are
 * logged and become INTERNAL. The handler is given the caller's request id (a
 * new one when none is carried; pass it on to the requests it makes) and runs,
 * when the context's tracing is on, in a server span continuing the caller's trace.
 */
export function jsonHandler<S extends z.ZodType, R>(
  schema: S,
  context: Logger | RpcContext,
  handler: (request: z.output<S>, msg: ServiceMsg, requestId: string) => Promise<R>,
): (err: Error | null, msg: ServiceMsg) => void {
  const { logger, tracing, inFlight } =
    'tracing' in context ? context : { logger: context, tracing: Tracing.off, inFlight: undefined };
  return (err, msg) => {
    if (err) {
      logger.error({ err }, 'service subscription error');
      return;
    }
    const work = tracing.receive(
      msg.headers,
      msg.subject,
      { ...rpcSpan(SpanKind.SERVER, msg.subject), childOnly: true },
      async (span, requestId) => {
        try {
          let raw: unknown;
          try {
            raw = msg.json();
          } catch (cause) {
            throw new AppError('BAD_REQUEST', 'The request is not valid JSON.', { cause });
          }
          const request = parseOrThrow(schema, raw);
          const result = await handler(request, msg, requestId);
          msg.respond(JSON.stringify(result ?? null));
        } catch (e) {
          const appErr = toAppError(e);
          if (appErr.status >= 500) {
            logger.error(
              { err: e, subject: msg.subject, request_id: requestId },
              'service request failed',
            );
            span?.setStatus({ code: SpanStatusCode.ERROR, message: appErr.code });
          }
          span?.setAttribute('verzend.error_code', appErr.code);
          respondProblem(msg, appErr);
        }
      },
    );
    inFlight?.track(work);
  };
}

/** Span options of a NATS request or its handling. */
function rpcSpan(kind: SpanKind, subject: string) {
  return {
    kind,
    attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
  };
}

/** Options for {@link requestJson}. */
export interface RequestOptions {
  timeoutMs?: number;
  requestId?: string;
}

/** Converts a service error reply into the matching {@link AppError}. */
export function errorFromReply(msg: Msg): AppError | null {
  const se = ServiceError.toServiceError(msg);
  if (!se) {
    return null;
  }
  let body: Record<string, unknown> = {};
  try {
    body = msg.json<Record<string, unknown>>();
  } catch {
    // Older or foreign services may send no body; the headers are enough.
  }
  const code = isErrorCode(body.code)
    ? body.code
    : isErrorCode(se.message)
      ? se.message
      : 'INTERNAL';
  return AppError.fromProblem({ ...body, code });
}

/**
 * Sends a JSON request and parses the JSON reply with `schema`.
 * @throws {AppError} rebuilt from the service's error reply, or UNAVAILABLE (no responders, no answer in time: retryable, with Retry-After).
 */
export async function requestJson<S extends z.ZodType>(
  nc: NatsConnection,
  subject: string,
  payload: unknown,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const tracing = tracingOf(nc);
  if (!tracing.enabled) {
    return request(nc, subject, payload, schema, opts, tracing);
  }
  return tracing.span(subject, { ...rpcSpan(SpanKind.CLIENT, subject), childOnly: true }, () =>
    request(nc, subject, payload, schema, opts, tracing),
  );
}

async function request<S extends z.ZodType>(
  nc: NatsConnection,
  subject: string,
  payload: unknown,
  schema: S,
  opts: RequestOptions,
  tracing: Tracing,
): Promise<z.output<S>> {
  const h = headers();
  tracing.inject(h, opts.requestId);
  let reply: Msg;
  try {
    reply = await nc.request(subject, JSON.stringify(payload), {
      timeout: opts.timeoutMs ?? 10_000,
      headers: h,
    });
  } catch (cause) {
    if (cause instanceof natsErrors.RequestError && cause.isNoResponders()) {
      throw new UnavailableError(`No service answers ${subject} right now.`, {
        cause,
        retryAfterSeconds: NATS_RETRY_AFTER_S,
      });
    }
    if (cause instanceof natsErrors.NoRespondersError) {
      throw new UnavailableError(`No service answers ${subject} right now.`, {
        cause,
        retryAfterSeconds: NATS_RETRY_AFTER_S,
      });
    }
    if (
      cause instanceof natsErrors.TimeoutError ||
      (cause instanceof natsErrors.RequestError && cause.cause instanceof natsErrors.TimeoutError)
    ) {
      throw new UnavailableError(`The service behind ${subject} did not answer in time.`, {
        cause,
        retryAfterSeconds: NATS_RETRY_AFTER_S,
      });
    }
    throw new UnavailableError(
      `Request to ${subject} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, retryAfterSeconds: NATS_RETRY_AFTER_S },
    );
  }
  const err = errorFromReply(reply);
  if (err) {
    throw err;
  }
  return parseOrThrow(schema, reply.json(), `reply from ${subject}`);
}
