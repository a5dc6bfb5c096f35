import { createLogger, createRegistry, createVerifier, documentOnly } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';

const app = () =>
  createApp({
    logger: createLogger({ service: 'config', level: 'silent' }),
    registry: createRegistry('config', false),
    verifyToken: createVerifier({ secret: 'app-test-secret-app-test-secret-0123456789' }),
    readiness: [],
    domain: documentOnly('domain'),
  });

describe('config createApp', () => {
  it('answers health and serves its OpenAPI document with the account routes', async () => {
    const a = app();
    expect((await a.request('/healthz')).status).toBe(200);
    expect((await a.request('/readyz')).status).toBe(200);
    const doc = (await (await a.request('/openapi.json')).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/accounts']));
  });

  it('refuses a request without a token as problem+json', async () => {
    const res = await app().request('/v1/accounts');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
