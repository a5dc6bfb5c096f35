/**
 * What every HTTP request leaves behind: a request id (the caller's
 * `x-request-id` when valid, else a new one; always answered), a server span
 * continuing the caller's `traceparent` (when tracing is on), an access-log
 * line and Prometheus series by route template — never by raw path, so the
 * label set is bounded by the routes the service has.
 * @module
 */
import { ROOT_CONTEXT, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { toAppError } from '../errors';
import type { Logger } from '../logger';
import { Counter, Histogram, type Registry } from '../metrics';
import { HTTP_REQUEST_ID_HEADER, isValidRequestId, newRequestId } from '../request-context';
import { SpanKind, SpanStatusCode, type Tracing } from '../tracing';

/** The HTTP series of a service (one set per registry). */
export interface HttpMetrics {
  requests: Counter<'method' | 'route' | 'status'>;
  errors: Counter<'method' | 'route' | 'status' | 'code'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

/** Creates (or finds, when already registered) the HTTP series on `registry`. */
export function httpMetrics(registry: Registry): HttpMetrics {
  const existing = (name: string) => registry.getSingleMetric(name);
  return {
    requests:
      (existing('verzend_http_requests_total') as HttpMetrics['requests'] | undefined) ??
      new Counter({
        name: 'verzend_http_requests_total',
        help: 'HTTP requests answered, by method, route template and status.',
        labelNames: ['method', 'route', 'status'],
        registers: [registry],
      }),
    errors:
      (existing('verzend_http_request_errors_total') as HttpMetrics['errors'] | undefined) ??
      new Counter({
        name: 'verzend_http_request_errors_total',
        help: 'HTTP requests answered with a problem (4xx or 5xx), by route template, status and error code.',
        labelNames: ['method', 'route', 'status', 'code'],
        registers: [registry],
      }),
    duration:
      (existing('verzend_http_request_duration_seconds') as HttpMetrics['duration'] | undefined) ??
      new Histogram({
        name: 'verzend_http_request_duration_seconds',
        help: 'Time from a request to its response headers, by route template and status.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The method as a label: one of the standard ones, else `OTHER`. */
function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** Paths polled by probes and scrapers: logged at debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The route template that answered (`/v1/emails/:id`); `(unmatched)` for a 404
 * no route claimed. Always one of the service's registered paths.
 */
export function routeLabel(c: Context): string {
  const path = routePath(c);
  if (c.res.status === 404 && (path === '' || path.endsWith('*'))) {
    return '(unmatched)';
  }
  return path || '(unmatched)';
}

const propagator = new W3CTraceContextPropagator();
const headerGetter: TextMapGetter<Headers> = {
  get: (h, key) => h.get(key) ?? undefined,
  keys: (h) => [...h.keys()],
};

/** Options of {@link observeRequests}. */
export interface ObserveOptions {
  logger: Logger;
  metrics: HttpMetrics;
  tracing: Tracing;
}

/**
 * The first middleware of every service app: request id, span, access log and metrics.
 * Sets `requestId` on the context and `x-request-id` on the response.
 */
export function observeRequests(opts: ObserveOptions): MiddlewareHandler {
  const { logger, metrics, tracing } = opts;
  return async function observeRequests(c, next) {
    const began = performance.now();
    const given = c.req.header(HTTP_REQUEST_ID_HEADER);
    const requestId = isValidRequestId(given) ? given : newRequestId();
    c.set('requestId' as never, requestId as never);
    const method = methodLabel(c.req.method);
    const run = () =>
      tracing.span(
        `${method} ${c.req.path}`,
        {
          kind: SpanKind.SERVER,
          parent: tracing.enabled
            ? propagator.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter)
            : undefined,
          attributes: { 'http.request.method': method, 'url.path': c.req.path },
        },
        async (span) => {
          await next();
          const route = routeLabel(c);
          const status = c.res.status;
          span?.updateName(`${method} ${route}`);
          span?.setAttributes({ 'http.route': route, 'http.response.status_code': status });
          if (status >= 500) {
            span?.setStatus({ code: SpanStatusCode.ERROR });
          }
          const sc = span?.spanContext();
          return { route, ids: sc ? { trace_id: sc.traceId, span_id: sc.spanId } : undefined };
        },
      );
    const { route, ids } = await run();
    c.res.headers.set(HTTP_REQUEST_ID_HEADER, requestId);
    const status = c.res.status;
    const seconds = (performance.now() - began) / 1000;
    const labels = { method, route, status: String(status) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, seconds);
    if (status >= 400) {
      metrics.errors.inc({ ...labels, code: c.error ? toAppError(c.error).code : 'UNKNOWN' });
    }
    const line = {
      request_id: requestId,
      ...ids,
      method,
      route,
      status,
      duration_ms: Math.round(seconds * 100_000) / 100,
    };
    if (PROBES.has(route)) {
      logger.debug(line, 'request');
    } else {
      logger.info(line, 'request');
    }
  };
}
