import { type Permission, signToken } from '@verzend/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventsApi } from '../intake/api';
import { FakeBlobs } from '../intake/fakes';
import { MemoryEventStore } from '../intake/store';
import type { EventStream } from '../intake/stream';
import { registerEvents } from './events';
import { TEST_SECRET, testApp } from './test-app';

const secret = TEST_SECRET;
const published: { subject: string; msgId: string }[] = [];
const payloads: Uint8Array[] = [];
const stream: EventStream = {
  async publish(subject, data, msgId) {
    published.push({ subject, msgId });
    payloads.push(data);
    return { seq: published.length, duplicate: false };
  },
  async read() {
    return null;
  },
};

function build() {
  const app = testApp();
  const store = new MemoryEventStore();
  registerEvents(app, { events: new EventsApi({ store, stream, blobs: new FakeBlobs() }) });
  return { app, store };
}

/** An ERP's token: it posts for the users who posted the documents. */
const token = (company = 'cronus', perms: Permission[] = ['email-edit', 'email-integration']) =>
  signToken(secret, { sub: 'erp', company, perms });

const body = {
  eventId: 'SI-103045',
  company: 'cronus',
  documentType: 'sales-invoice',
  documentNo: '103045',
  dataset: { currency: 'EUR', lines: [] },
  customer: { no: '10000', name: 'Fabrikam', emails: ['ap@fabrikam.example'] },
  postingUser: { id: 'u1' },
};

async function call(
  app: ReturnType<typeof build>['app'],
  method: string,
  path: string,
  bearer: string,
  json?: unknown,
) {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    ...(json === undefined ? {} : { body: typeof json === 'string' ? json : JSON.stringify(json) }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in these tests
const json = (res: Response): Promise<any> => res.json();

let ctx: ReturnType<typeof build>;
beforeEach(() => {
  published.length = 0;
  payloads.length = 0;
  ctx = build();
});

describe('POST /v1/events', () => {
  it('answers 202 with the event and where to follow it', async () => {
    const res = await call(ctx.app, 'POST', '/v1/events', await token(), body);
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({
      eventId: 'SI-103045',
      status: 'received',
      duplicate: false,
      href: '/v1/events/SI-103045',
    });
    expect(published).toEqual([
      { subject: 'verzend.events.cronus.sales-invoice.posted', msgId: 'cronus.SI-103045' },
    ]);
  });

  it('lets a user post only as themselves, with owner, address and licence from the token', async () => {
    const asUser = (claims: Record<string, unknown>) =>
      signToken(secret, { sub: 'u1', company: 'cronus', perms: ['email-edit'], ...claims });
    const forOther = await call(
      ctx.app,
      'POST',
      '/v1/events',
      await token('cronus', ['email-edit']),
      body,
    );
    expect(forOther.status).toBe(403);
    expect((await json(forOther)).detail).toContain('email-integration');
    expect(published).toEqual([]);

    const own = await call(
      ctx.app,
      'POST',
      '/v1/events',
      await asUser({ email: 'u1@cronus.example', licence: 'limited' }),
      { ...body, postingUser: { id: 'u1', email: 'ceo@cronus.example', licence: 'full' } },
    );
    expect(own.status).toBe(202);
    const sent = JSON.parse(new TextDecoder().decode(payloads[0]));
    expect(sent.postingUser).toEqual({ id: 'u1', email: 'u1@cronus.example', licence: 'limited' });
  });

  it('lets an integration name the posting user and licence', async () => {
    const res = await call(ctx.app, 'POST', '/v1/events', await token(), {
      ...body,
      postingUser: { id: 'anna', email: 'anna@cronus.example', licence: 'team-member' },
    });
    expect(res.status).toBe(202);
    expect(JSON.parse(new TextDecoder().decode(payloads[0])).postingUser).toEqual({
      id: 'anna',
      email: 'anna@cronus.example',
      licence: 'team-member',
    });
  });

  it("refuses another company's event with 403 and publishes nothing", async () => {
    const res = await call(ctx.app, 'POST', '/v1/events', await token('fabrikam'), body);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(res)).code).toBe('FORBIDDEN');
    expect(published).toEqual([]);
  });

  it('explains what is wrong with an invalid event (400, field paths)', async () => {
    const res = await call(ctx.app, 'POST', '/v1/events', await token(), {
      ...body,
      documentType: 'invoice',
      customer: { ...body.customer, emails: ['not-an-address'] },
    });
    expect(res.status).toBe(400);
    const problem = await json(res);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['documentType', 'customer.emails.0']),
    );
    const notJson = await call(ctx.app, 'POST', '/v1/events', await token(), '{nope');
    expect(notJson.status).toBe(400);
  });

  it('needs the edit permission to post and read permission to look', async () => {
    const readOnly = await token('cronus', ['email-read']);
    expect((await call(ctx.app, 'POST', '/v1/events', readOnly, body)).status).toBe(403);
    expect((await call(ctx.app, 'GET', '/v1/events', readOnly)).status).toBe(200);
    expect((await call(ctx.app, 'GET', '/v1/events', await token('cronus', []))).status).toBe(403);
  });
});

describe('GET /v1/events', () => {
  it('lists the company’s events with counts; other companies see nothing', async () => {
    await call(ctx.app, 'POST', '/v1/events', await token(), body);
    const res = await call(ctx.app, 'GET', '/v1/events?status=received&limit=10', await token());
    expect(res.status).toBe(200);
    const list = await json(res);
    expect(list.counts.received).toBe(1);
    expect(list.progress).toEqual({ done: 0, pending: 1, percent: 0 });
    expect(list.items.map((r: { eventId: string }) => r.eventId)).toEqual(['SI-103045']);

    const other = await call(ctx.app, 'GET', '/v1/events', await token('fabrikam'));
    expect((await json(other)).total).toBe(0);
    const bad = await call(ctx.app, 'GET', '/v1/events?status=lost', await token());
    expect(bad.status).toBe(400);
  });

  it('shows one event, 404 for unknown ids and for another company’s', async () => {
    await call(ctx.app, 'POST', '/v1/events', await token(), body);
    const res = await call(ctx.app, 'GET', '/v1/events/SI-103045', await token());
    expect(res.status).toBe(200);
    expect((await json(res)).documentNo).toBe('103045');
    expect(
      (await call(ctx.app, 'GET', '/v1/events/SI-103045', await token('fabrikam'))).status,
    ).toBe(404);
    expect((await call(ctx.app, 'GET', '/v1/events/nope', await token())).status).toBe(404);
  });
});

describe('POST /v1/events/{id}/retry', () => {
  it('is 409 for an event that did not fail and 404 for an unknown one', async () => {
    await call(ctx.app, 'POST', '/v1/events', await token(), body);
    const res = await call(ctx.app, 'POST', '/v1/events/SI-103045/retry', await token());
    expect(res.status).toBe(409);
    expect((await json(res)).code).toBe('INVALID_STATE');
    expect((await call(ctx.app, 'POST', '/v1/events/nope/retry', await token())).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the events routes', async () => {
    const doc = await json(await ctx.app.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/events', '/v1/events/{id}', '/v1/events/{id}/retry']),
    );
  });
});
