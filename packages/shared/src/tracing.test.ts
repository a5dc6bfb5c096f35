import { PassThrough } from 'node:stream';
import { headers } from '@nats-io/nats-core';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createLogger, forRequest } from './logger';
import { REQUEST_ID_HEADER } from './request-context';
import { createTracing, parseKeyValueList, SpanKind, Tracing } from './tracing';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

async function traced(exporter = new InMemorySpanExporter()) {
  const tracing = await createTracing({
    serviceName: 'verzend-test',
    enabled: true,
    exporter: 'none',
    sampler: 'parentbased_always_on',
    spanExporter: exporter,
  });
  return { tracing, exporter };
}

describe('tracing', () => {
  it('is off unless an exporter is chosen, and off creates nothing', async () => {
    for (const opts of [
      { enabled: true, exporter: 'none' as const },
      { enabled: false, exporter: 'otlp' as const },
    ]) {
      const tracing = await createTracing({
        serviceName: 's',
        sampler: 'always_on',
        ...opts,
      });
      expect(tracing).toBe(Tracing.off);
    }
    const h = headers();
    Tracing.off.inject(h);
    expect(h.has('traceparent')).toBe(false);
    expect(await Tracing.off.span('x', {}, (span) => span)).toBeUndefined();
  });

  it('carries the trace and the request id through NATS headers', async () => {
    const { tracing, exporter } = await traced();
    try {
      const h = headers();
      await tracing.span('outer', { kind: SpanKind.PRODUCER }, () => tracing.inject(h, 'req-1'));
      expect(h.get(REQUEST_ID_HEADER)).toBe('req-1');
      expect(h.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const seen = await tracing.receive(
        h,
        'inner',
        { kind: SpanKind.CONSUMER },
        (_span, requestId) => requestId,
      );
      expect(seen).toBe('req-1');
      const [outer, inner] = exporter.getFinishedSpans();
      expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
      expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    } finally {
      await tracing.shutdown();
    }
  });

  it('continues a foreign traceparent, makes a request id when none is carried, and records failures', async () => {
    const { tracing, exporter } = await traced();
    try {
      const h = headers();
      h.set('traceparent', PARENT);
      h.set(REQUEST_ID_HEADER, 'bad id with spaces');
      const id = await tracing.receive(h, 'handle', {}, (_span, requestId) => requestId);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await expect(
        tracing.span('fails', {}, () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const [handle, fails] = exporter.getFinishedSpans();
      expect(handle?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(handle?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      expect(fails?.status.code).toBe(2);
    } finally {
      await tracing.shutdown();
    }
  });

  it('makes no span for a child-only step outside a trace', async () => {
    const { tracing, exporter } = await traced();
    try {
      await tracing.span('background', { childOnly: true }, () => undefined);
      expect(exporter.getFinishedSpans()).toHaveLength(0);
    } finally {
      await tracing.shutdown();
    }
  });

  it('puts trace_id, span_id and request_id on log lines', async () => {
    const { tracing } = await traced();
    const out = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    out.on('data', (b: Buffer) => {
      for (const l of b.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(l));
      }
    });
    const logger = createLogger({ service: 't', destination: out });
    try {
      let ids: { traceId: string; spanId: string } | undefined;
      await tracing.span('logged', {}, (span) => {
        ids = span?.spanContext();
        forRequest(logger, 'req-9').info('inside');
      });
      logger.info('outside');
      await new Promise((r) => setImmediate(r));
      expect(lines[0]).toMatchObject({
        msg: 'inside',
        request_id: 'req-9',
        trace_id: ids?.traceId,
        span_id: ids?.spanId,
      });
      expect(lines[1]).not.toHaveProperty('trace_id');
      expect(lines[1]).not.toHaveProperty('request_id');
    } finally {
      await tracing.shutdown();
    }
  });

  it('reads key=value lists', () => {
    expect(parseKeyValueList('a=1, b=x%3Dy,broken')).toEqual({ a: '1', b: 'x=y' });
    expect(parseKeyValueList(undefined)).toEqual({});
  });
});
