import { JetStreamApiError } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { createVerifier, signToken } from '../auth';
import { createLogger } from '../logger';
import { createRegistry } from '../metrics';
import { createServiceApp } from './app';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

function build(fail: () => never) {
  const app = createServiceApp({
    service: 'test',
    version: 'test',
    description: 'test',
    logger: createLogger({ service: 'test', level: 'silent' }),
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
