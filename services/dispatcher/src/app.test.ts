import {
  createLogger,
  createRegistry,
  createVerifier,
  documentOnly,
  type EmailRecord,
  NotFoundError,
  signToken,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import type { EmailActions } from './outbox/actions';
import type { DispatcherRouteDeps } from './routes/all';

const SECRET = 'app-test-secret-app-test-secret-0123456789';

function app(actions: Partial<EmailActions>) {
  const routes: DispatcherRouteDeps = {
    emails: {
      outbox: documentOnly('outbox'),
      actions: actions as EmailActions,
      records: documentOnly('records'),
      blobs: documentOnly('blobs'),
      idempotency: documentOnly('idempotency'),
    },
    throttle: documentOnly('throttle'),
    activity: documentOnly('activity'),
    events: documentOnly('events'),
    oauth: documentOnly('oauth'),
    webhooks: documentOnly('webhooks'),
  };
  return createApp({
    logger: createLogger({ service: 'dispatcher', level: 'silent' }),
    registry: createRegistry('dispatcher', false),
    verifyToken: createVerifier({ secret: SECRET }),
    readiness: [],
    routes,
  });
}

const bearer = async (perms: string[]) => ({
  authorization: `Bearer ${await signToken(SECRET, {
    sub: 'u1',
    company: 'cronus',
    perms: perms as never,
    licence: 'full',
    records: ['*'],
  })}`,
});

describe('dispatcher createApp', () => {
  it('answers health and serves its OpenAPI document with every route group', async () => {
    const a = app({});
    expect((await a.request('/healthz')).status).toBe(200);
    const doc = (await (await a.request('/openapi.json')).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/emails', '/v1/outbox', '/v1/events', '/v1/emails/{id}']),
    );
  });

  it('refuses a request without a token as problem+json', async () => {
    const res = await app({}).request('/v1/emails/0mfx2c1k9a3f9e1d2c3b4a5f6e');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('opens an email through the actions, and an unknown one is a 404 with its code', async () => {
    const record = { id: '0mfx2c1k9a3f9e1d2c3b4a5f6e', status: 'queued' } as EmailRecord;
    const a = app({
      open: async (_viewer, id) => {
        if (id !== record.id) {
          throw new NotFoundError(`Email ${id} does not exist.`);
        }
        return { value: record, revision: 3 };
      },
    });
    const headers = await bearer(['email-read']);
    const found = await a.request(`/v1/emails/${record.id}`, { headers });
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: record.id, status: 'queued' });
    const missing = await a.request('/v1/emails/0mfx2c1k9a3f9e1d2c3b4a5fff', { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
