import { createLogger, createRegistry, createVerifier, documentOnly } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';

const app = () =>
  createApp({
    logger: createLogger({ service: 'renderer', level: 'silent' }),
    registry: createRegistry('renderer', false),
    verifyToken: createVerifier({ secret: 'app-test-secret-app-test-secret-0123456789' }),
    readiness: [
      {
        name: 'workers',
        check: () => {
          throw new Error('not started');
        },
      },
    ],
    renderer: documentOnly('renderer'),
    maxBodyBytes: 1024,
  });

describe('renderer createApp', () => {
  it('answers health, reports readiness from its checks, and serves its OpenAPI document', async () => {
    const a = app();
    expect((await a.request('/healthz')).status).toBe(200);
    expect((await a.request('/readyz')).status).toBe(503);
    const doc = (await (await a.request('/openapi.json')).json()) as { paths: object };
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  });

  it('refuses a render without a token as problem+json', async () => {
    const res = await app().request('/v1/render', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
