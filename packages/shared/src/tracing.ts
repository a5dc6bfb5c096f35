/**
 * OpenTelemetry traces, with spans made by hand at the places work enters or
 * leaves a service (HTTP, NATS requests and replies, stream consumers,
 * publishes, provider calls), and the W3C trace context (`traceparent`,
 * `tracestate`) carried in NATS message headers, so one posted document is
 * one trace across the three services (ADR-0025).
 *
 * Off by default: a {@link Tracing} that is off creates no span, reads no
 * header and runs the wrapped function as it is. Each service has its own
 * tracer provider (its own `service.name`), so the three can share a process
 * in tests; only the async-context manager is global.
 * @module
 */
import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { ReadableSpan, Sampler, SpanExporter } from '@opentelemetry/sdk-trace';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-context';

export { SpanKind, SpanStatusCode } from '@opentelemetry/api';
export type { ReadableSpan, SpanExporter };

/** Where spans go: OTLP over HTTP, the process's stdout, or nowhere (tracing off). */
export type TracesExporter = 'otlp' | 'console' | 'none';

/** The samplers of `OTEL_TRACES_SAMPLER`. */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof TRACES_SAMPLERS)[number];

/** Settings of {@link createTracing} (services read them from `OTEL_*`, see `tracingFromEnv`). */
export interface TracingOptions {
  /** `service.name` of the spans. */
  serviceName: string;
  serviceVersion?: string | undefined;
  /** Off when false, whatever else is set. */
  enabled: boolean;
  exporter: TracesExporter;
  /** OTLP/HTTP traces URL (e.g. `http://collector:4318/v1/traces`). */
  otlpUrl?: string | undefined;
  otlpHeaders?: Record<string, string> | undefined;
  sampler: TracesSampler;
  /** Ratio of the ratio samplers (0…1). */
  samplerArg?: number | undefined;
  /** Extra resource attributes (`OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Record<string, string> | undefined;
  /**
   * An exporter to use instead of `exporter` (tests pass an in-memory one); spans
   * are handed to it one by one as they end. Tracing is on when one is given.
   */
  spanExporter?: SpanExporter | undefined;
}

/** Options of {@link Tracing.span}. */
export interface SpanRunOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent (default: the active context). */
  parent?: Context | undefined;
  /**
   * Only within a trace: without a span in the parent context, run the function
   * without one (background look-ups then start no trace of their own).
   */
  childOnly?: boolean;
}

const propagator = new W3CTraceContextPropagator();

/** The part of NATS message headers the propagation needs (`MsgHdrs` fits). */
export interface HeaderCarrier {
  get(key: string): string;
  set(key: string, value: string): void;
  has(key: string): boolean;
  keys(): string[];
}

const setter: TextMapSetter<HeaderCarrier> = { set: (h, key, value) => h.set(key, value) };
const getter: TextMapGetter<HeaderCarrier> = {
  get: (h, key) => (h.has(key) ? h.get(key) : undefined),
  keys: (h) => h.keys(),
};

/** A function's failure recorded on its span. */
function recordFailure(span: Span, err: unknown): void {
  if (err instanceof Error) {
    span.recordException(err);
  }
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: err instanceof Error ? err.message : String(err),
  });
}

let contextUsers = 0;

/** Longest wait for buffered spans to be sent when a service stops. */
const SHUTDOWN_FLUSH_MS = 3_000;

/**
 * A service's tracer, or nothing when tracing is off. Every helper is a direct
 * call of the wrapped function when off.
 */
export class Tracing {
  /** Tracing off: no spans, no context headers read or written (the request id still travels). */
  static readonly off = new Tracing(undefined, undefined);

  readonly #tracer: Tracer | undefined;
  readonly #shutdown: (() => Promise<void>) | undefined;

  /** Use {@link createTracing} (or {@link Tracing.off}). */
  constructor(tracer: Tracer | undefined, shutdown: (() => Promise<void>) | undefined) {
    this.#tracer = tracer;
    this.#shutdown = shutdown;
  }

  /** True when spans are made. */
  get enabled(): boolean {
    return this.#tracer !== undefined;
  }

  /**
   * Runs `fn` in a new span that ends when it settles; a throw marks the span
   * as failed and is rethrown. Off: `fn(undefined)`.
   */
  span<T>(
    name: string,
    opts: SpanRunOptions,
    fn: (span: Span | undefined) => Promise<T> | T,
  ): Promise<T> {
    const tracer = this.#tracer;
    if (!tracer) {
      return (async () => fn(undefined))();
    }
    const parent = opts.parent ?? context.active();
    if (opts.childOnly && !trace.getSpan(parent)) {
      return (async () => fn(undefined))();
    }
    return tracer.startActiveSpan(
      name,
      { kind: opts.kind, attributes: opts.attributes },
      parent,
      async (span) => {
        try {
          return await fn(span);
        } catch (err) {
          recordFailure(span, err);
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  /**
   * Writes the current trace context (when on) and the request id (when given) on
   * outgoing NATS headers, so the receiver continues the same trace and logs the same id.
   */
  inject(headers: HeaderCarrier, requestId?: string): void {
    if (requestId !== undefined) {
      headers.set(REQUEST_ID_HEADER, requestId);
    }
    if (this.#tracer) {
      propagator.inject(context.active(), headers, setter);
    }
  }

  /** The trace context of incoming headers (when on; else undefined). */
  extract(headers: HeaderCarrier | undefined): Context | undefined {
    if (!this.#tracer || !headers) {
      return undefined;
    }
    return propagator.extract(ROOT_CONTEXT, headers, getter);
  }

  /**
   * Runs `fn` as the handling of an incoming message: with the request id it
   * carries (a new one when it carries none or an invalid one), handed to `fn`,
   * and, when on, in a span that continues the trace of its headers.
   */
  receive<T>(
    headers: HeaderCarrier | undefined,
    name: string,
    opts: Omit<SpanRunOptions, 'parent'>,
    fn: (span: Span | undefined, requestId: string) => Promise<T> | T,
  ): Promise<T> {
    const requestId = requestIdFrom(headers);
    if (!this.#tracer) {
      return (async () => fn(undefined, requestId))();
    }
    return this.span(name, { ...opts, parent: this.extract(headers) ?? ROOT_CONTEXT }, (span) =>
      fn(span, requestId),
    );
  }

  /** Sends what is still buffered and stops (once; later calls do nothing). */
  async shutdown(): Promise<void> {
    await this.#shutdown?.();
  }
}

/** `key=value,key2=value2` (OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS) as a record. */
export function parseKeyValueList(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    const at = part.indexOf('=');
    if (at > 0) {
      const key = decodeURIComponent(part.slice(0, at).trim());
      out[key] = decodeURIComponent(part.slice(at + 1).trim());
    }
  }
  return out;
}

async function samplerOf(name: TracesSampler, ratio: number): Promise<Sampler> {
  const sdk = await import('@opentelemetry/sdk-trace');
  const root = name.endsWith('always_on')
    ? new sdk.AlwaysOnSampler()
    : name.endsWith('always_off')
      ? new sdk.AlwaysOffSampler()
      : new sdk.TraceIdRatioBasedSampler(ratio);
  return name.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
}

/**
 * Builds a service's tracing. Off (no SDK loaded at all) unless enabled with an
 * exporter other than `none`, or given a `spanExporter`.
 */
export async function createTracing(opts: TracingOptions): Promise<Tracing> {
  if (!opts.enabled || (opts.exporter === 'none' && !opts.spanExporter)) {
    return Tracing.off;
  }
  const [sdk, { resourceFromAttributes }, { AsyncLocalStorageContextManager }, semconv] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  let processor: InstanceType<typeof sdk.SimpleSpanProcessor | typeof sdk.BatchSpanProcessor>;
  if (opts.spanExporter) {
    processor = new sdk.SimpleSpanProcessor({ exporter: opts.spanExporter });
  } else if (opts.exporter === 'console') {
    processor = new sdk.SimpleSpanProcessor({ exporter: new sdk.ConsoleSpanExporter() });
  } else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const exporter = new OTLPTraceExporter({
      ...(opts.otlpUrl ? { url: opts.otlpUrl } : {}),
      ...(opts.otlpHeaders ? { headers: opts.otlpHeaders } : {}),
    });
    processor = new sdk.BatchSpanProcessor({ exporter });
  }
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({
      'service.namespace': 'verzend',
      ...opts.resourceAttributes,
      [semconv.ATTR_SERVICE_NAME]: opts.serviceName,
      ...(opts.serviceVersion ? { [semconv.ATTR_SERVICE_VERSION]: opts.serviceVersion } : {}),
    }),
    sampler: await samplerOf(opts.sampler, opts.samplerArg ?? 1),
    spanProcessors: [processor],
  });
  // One async-context manager for the process, installed by the first service that traces.
  if (contextUsers++ === 0) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
  let stopped = false;
  return new Tracing(provider.getTracer('verzend', opts.serviceVersion), async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    // An unreachable collector must not hold up a service's shutdown: what is not sent in time is dropped.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      provider.shutdown().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_FLUSH_MS);
      }),
    ]);
    clearTimeout(timer);
    if (--contextUsers === 0) {
      context.disable();
    }
  });
}

/** `trace_id` and `span_id` of the active span, for log lines (undefined when none). */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const sc = trace.getSpanContext(context.active());
  return sc ? { trace_id: sc.traceId, span_id: sc.spanId } : undefined;
}
