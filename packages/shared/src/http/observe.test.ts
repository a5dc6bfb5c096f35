import { PassThrough } from 'node:stream';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../auth';
import { createLogger } from '../logger';
import { createRegistry } from '../metrics';
import { createTracing, type Tracing } from '../tracing';
import { createServiceApp } from './app';

function build(tracing?: Tracing) {
  const out = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  out.on('data', (b: Buffer) => {
    for (const l of b.toString().split('\n').filter(Boolean)) {
      lines.push(JSON.parse(l));
    }
  });
  const registry = createRegistry('test', false);
  const app = createServiceApp({
    service: 'test',
    version: 'test',
    description: 'test',
    logger: createLogger({ service: 'test', destination: out }),
    registry,
    verifyToken: createVerifier({ secret: 'a-test-secret-that-is-long-enough-for-hs256' }),
    readiness: [],
    tracing,
  });
  app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
  app.get('/broken', () => {
    throw new Error('unexpected');
  });
  const flushed = () => new Promise((r) => setImmediate(r));
  return { app, registry, lines, flushed };
}

describe('request observation', () => {
  it('returns a valid x-request-id as given, replaces an invalid one, and logs the request', async () => {
    const { app, lines, flushed } = build();
    const given = await app.request('/things/42', { headers: { 'x-request-id': 'erp-run-7.1' } });
    expect(given.headers.get('x-request-id')).toBe('erp-run-7.1');
    const bad = await app.request('/things/43', {
      headers: { 'x-request-id': `x${' '.repeat(3)}y` },
    });
    const made = bad.headers.get('x-request-id') ?? '';
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const long = await app.request('/things/44', { headers: { 'x-request-id': 'a'.repeat(200) } });
    expect(long.headers.get('x-request-id')).not.toBe('a'.repeat(200));
    await flushed();
    const access = lines.filter((l) => l.msg === 'request');
    expect(access[0]).toMatchObject({
      level: 30,
      request_id: 'erp-run-7.1',
      method: 'GET',
      route: '/things/:id',
      status: 200,
    });
    expect(typeof access[0]?.duration_ms).toBe('number');
    expect(access[1]).toMatchObject({ request_id: made });
  });

  it('puts the request id in problem answers and the error log', async () => {
    const { app, lines, flushed } = build();
    const res = await app.request('/broken', { headers: { 'x-request-id': 'r-500' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ requestId: 'r-500' });
    await flushed();
    const errorLine = lines.find((l) => l.level === 50);
    expect(errorLine).toMatchObject({ request_id: 'r-500' });
  });

  it('counts by route template and status, never by raw path', async () => {
    const { app, registry } = build();
    for (const id of ['1', '2', '3']) {
      await app.request(`/things/${id}`);
    }
    await app.request('/broken');
    await app.request('/nowhere/abc');
    await app.request('/v1/nothing-here');
    await app.request('/healthz');
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain(
      'verzend_http_requests_total{method="GET",route="/things/:id",status="200",service="test"} 3',
    );
    expect(text).toContain(
      'verzend_http_request_errors_total{method="GET",route="/broken",status="500",code="INTERNAL",service="test"} 1',
    );
    expect(text).toMatch(
      /verzend_http_requests_total\{method="GET",route="\(unmatched\)",status="404"/,
    );
    expect(text).toMatch(
      /verzend_http_request_duration_seconds_count\{[^}]*route="\/things\/:id"[^}]*\} 3/,
    );
    expect(text).not.toMatch(/\/things\/[123]|nowhere|nothing-here/);
    expect(await registry.getSingleMetricAsString('verzend_http_requests_total')).toContain(
      'route="/healthz"',
    );
  });

  it('continues the trace of an incoming traceparent in a server span named by route', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = await createTracing({
      serviceName: 'verzend-test',
      enabled: true,
      exporter: 'none',
      sampler: 'parentbased_always_on',
      spanExporter: exporter,
    });
    try {
      const { app, lines, flushed } = build(tracing);
      await app.request('/things/9', {
        headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      });
      const [span] = exporter.getFinishedSpans();
      expect(span?.name).toBe('GET /things/:id');
      expect(span?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
      expect(span?.attributes).toMatchObject({
        'http.route': '/things/:id',
        'http.response.status_code': 200,
      });
      await flushed();
      expect(lines.find((l) => l.msg === 'request')).toMatchObject({
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: span?.spanContext().spanId,
      });
    } finally {
      await tracing.shutdown();
    }
  });
});
