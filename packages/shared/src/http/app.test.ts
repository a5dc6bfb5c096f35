import { PassThrough } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { JetStreamApiError } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { createVerifier, signToken } from '../auth';
import { createLogger } from '../logger';
import { createRegistry } from '../metrics';
import { createServiceApp } from './app';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

/** A log destination that keeps each line. */
function collect(lines: string[]): PassThrough {
  const out = new PassThrough();
  out.on('data', (b: Buffer) => {
    lines.push(...b.toString().split('\n').filter(Boolean));
  });
  return out;
}

function build(fail: () => never, lines?: string[]) {
  const app = createServiceApp({
    service: 'test',
    version: 'test',
    description: 'test',
    logger: createLogger(
      lines
        ? { service: 'test', destination: collect(lines) }
        : { service: 'test', level: 'silent' },
    ),
    registry: createRegistry('test', false),
    verifyToken: createVerifier({ secret }),
    readiness: [],
  });
  app.post('/v1/thing', () => fail());
  return app;
}

const call = async (app: ReturnType<typeof build>) =>
  app.request('/v1/thing', {
    method: 'POST',
    headers: { authorization: `Bearer ${await signToken(secret, { sub: 'u', company: 'c' })}` },
  });

describe('service app errors', () => {
  it('answers a NATS timeout or outage with a retryable 503 and Retry-After, never 500', async () => {
    for (const err of [new natsErrors.TimeoutError(), new natsErrors.ClosedConnectionError()]) {
      const res = await call(
        build(() => {
          throw err;
        }),
      );
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', retry: true });
    }
  });

  it('logs a NATS outage as a warning and an unexpected error as an error', async () => {
    const lines: string[] = [];
    await call(
      build(() => {
        throw new natsErrors.ClosedConnectionError();
      }, lines),
    );
    await call(
      build(() => {
        throw new TypeError('a bug');
      }, lines),
    );
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; code: string });
    // Request lines (info) aside: what the failures themselves were logged as.
    expect(logged.filter((l) => l.level >= 40).map((l) => [l.level, l.code, l.msg])).toEqual([
      [40, 'UNAVAILABLE', 'request failed; the client may retry'],
      [50, 'INTERNAL', 'unhandled error'],
    ]);
  });

  it('answers a full JetStream store with 507 and reports not ready for a while', async () => {
    const app = build(() => {
      throw new JetStreamApiError({
        code: 503,
        err_code: 10023,
        description: 'insufficient resources',
      });
    });
    expect((await app.request('/readyz')).status).toBe(200);
    const res = await call(app);
    expect(res.status).toBe(507);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ code: 'INSUFFICIENT_STORAGE', retry: true });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      checks: [expect.objectContaining({ name: 'storage', ok: false })],
    });
  });
});

describe('media types', () => {
  it('refuses a body in a media type its route does not document, even when the body is optional', async () => {
    const app = build(() => {
      throw new Error('unused');
    });
    app.openapi(
      createRoute({
        method: 'patch',
        path: '/v1/things/{id}',
        request: {
          params: z.object({ id: z.string() }),
          body: {
            content: { 'application/json': { schema: z.object({ name: z.string().optional() }) } },
          },
        },
        responses: { 200: { description: 'OK' } },
      }),
      (c) => c.json({ changed: c.req.valid('json') }, 200),
    );
    const bearer = `Bearer ${await signToken(secret, { sub: 'u', company: 'c' })}`;
    const send = (type: string | undefined) =>
      app.request('/v1/things/1', {
        method: 'PATCH',
        headers: { authorization: bearer, ...(type ? { 'content-type': type } : {}) },
        body: '{"name":"x"}',
      });
    for (const type of ['text/plain', 'application/xml', undefined]) {
      const res = await send(type);
      expect(res.status, String(type)).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect((await send('application/json; charset=utf-8')).status).toBe(200);
  });
});
