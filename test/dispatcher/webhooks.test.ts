/**
 * Webhooks (ADR-0024): a status change on the status stream reaches a real
 * HTTP receiver signed as Standard Webhooks says (verified with the
 * specification's library), is retried with the same webhook-id, is given up
 * after the schedule, and an endpoint that keeps failing is disabled. The
 * secret is shown once and rests sealed; companies see only their own.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { Buckets, SecretKeys, Subjects, type WebhookDelivery } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, type Stack, startStack } from '../harness';
import { compose, createSmtpAccount } from './helpers';
import { startReceiver } from './webhook-receiver';

const WEBHOOK_ENV = {
  // Three attempts, 150 ms apart: the specification's schedule, shrunk.
  WEBHOOK_RETRY_SCHEDULE: '0,150ms,150ms',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_DISABLE_AFTER: '2',
  CONFIG_CACHE_TTL_MS: '200',
};

async function json(
  stack: Stack,
  service: 'config' | 'dispatcher',
  method: string,
  path: string,
  body?: unknown,
  company?: string,
) {
  const res = await stack.fetch(service, path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    ...(company ? { claims: { company } } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

async function publishStatus(
  nc: NatsConnection,
  company: string,
  kind: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = `st_${randomUUID()}`;
  await jetstream(nc).publish(
    Subjects.status(company, kind),
    JSON.stringify({
      id,
      kind,
      company,
      at: new Date().toISOString(),
      documentType: 'sales-invoice',
      documentNo: '103045',
      emailId: 'em1',
      ...extra,
    }),
  );
  return id;
}

async function deliveries(stack: Stack, endpointId: string): Promise<WebhookDelivery[]> {
  const res = await json(
    stack,
    'dispatcher',
    'GET',
    `/v1/webhook-endpoints/${endpointId}/deliveries`,
  );
  expect(res.status, res.text).toBe(200);
  return res.body.items as WebhookDelivery[];
}

async function waitForDelivery(
  stack: Stack,
  endpointId: string,
  done: (d: WebhookDelivery[]) => boolean,
  timeoutMs = 20_000,
): Promise<WebhookDelivery[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await deliveries(stack, endpointId);
    if (done(list)) {
      return list;
    }
    if (Date.now() > deadline) {
      throw new Error(`deliveries not as expected: ${JSON.stringify(list)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks', () => {
  it('delivers a status change signed, retries a 500 with the same webhook-id, and logs every attempt', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'], env: WEBHOOK_ENV });
    await using receiver = await startReceiver();
    const created = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', {
      url: receiver.url,
      kinds: ['email.sent'],
      description: 'ERP',
    });
    expect(created.status, created.text).toBe(201);
    const secret = String(created.body.secret);
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecret(secret);
    const endpointId = String(created.body.id);

    // A kind the endpoint did not ask for is not delivered; the one it did is, verified.
    await publishStatus(stack.nc, stack.company, 'email.queued');
    const statusId = await publishStatus(stack.nc, stack.company, 'email.sent', {
      messageId: '<m1@verzend>',
    });
    const [first] = await receiver.waitFor(1);
    expect(first?.verifyError).toBeNull();
    expect(first?.headers['webhook-id']).toBe(statusId);
    expect(first?.verified).toMatchObject({
      type: 'email.sent',
      data: { id: statusId, company: stack.company, documentNo: '103045' },
    });
    await waitForDelivery(stack, endpointId, (l) => l[0]?.status === 'succeeded');

    // A receiver that answers 500 twice gets the same delivery a third time.
    receiver.script([500, 500]);
    const retried = await publishStatus(stack.nc, stack.company, 'email.sent');
    const got = (await receiver.waitFor(4)).slice(1);
    expect(got.map((r) => r.headers['webhook-id'])).toEqual([retried, retried, retried]);
    expect(got.every((r) => r.verifyError === null)).toBe(true);
    const [log] = await waitForDelivery(
      stack,
      endpointId,
      (l) => l[0]?.webhookId === retried && l[0].status === 'succeeded',
    );
    expect(log?.attempts.map((a) => [a.attempt, a.responseCode, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 204, true],
    ]);
    expect(log?.attempts[0]?.responseExcerpt).toBe('noted');
    expect(receiver.received).toHaveLength(4);

    // Send again: the same webhook-id once more.
    const again = await json(
      stack,
      'dispatcher',
      'POST',
      `/v1/webhook-endpoints/${endpointId}/deliveries/${log?.id}/resend`,
    );
    expect(again.status, again.text).toBe(202);
    expect(again.body).toMatchObject({ status: 'pending', roundStartAttempt: 4 });
    expect((await receiver.waitFor(5))[4]?.headers['webhook-id']).toBe(retried);

    // The test ping is signed the same way and answered at once.
    const ping = await json(
      stack,
      'dispatcher',
      'POST',
      `/v1/webhook-endpoints/${endpointId}/ping`,
    );
    expect(ping.status, ping.text).toBe(200);
    expect(ping.body).toMatchObject({ type: 'webhook.ping', status: 'succeeded' });
    const pinged = (await receiver.waitFor(6))[5];
    expect(pinged?.verifyError).toBeNull();
    expect(pinged?.verified).toMatchObject({ type: 'webhook.ping' });
  });

  it('turns a real send into a signed email.sent webhook with the Message-ID', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'], env: WEBHOOK_ENV });
    await using receiver = await startReceiver();
    const created = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', {
      url: receiver.url,
      kinds: ['email.sent'],
    });
    expect(created.status, created.text).toBe(201);
    receiver.setSecret(String(created.body.secret));
    const account = await createSmtpAccount(stack, sink.port);
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Invoice 103045',
      html: '<p>Dear customer</p>',
      accountId: account.id,
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as { id: string; messageId: string };
    const [hook] = await receiver.waitFor(1);
    expect(hook?.verifyError).toBeNull();
    expect(hook?.verified).toMatchObject({
      type: 'email.sent',
      data: { kind: 'email.sent', emailId: queued.id, messageId: queued.messageId },
    });
    const verified = hook?.verified as { data?: { id?: string } } | undefined;
    expect(hook?.headers['webhook-id']).toBe(verified?.data?.id);
  });

  it('gives a delivery up after the schedule, and disables an endpoint that keeps failing', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'], env: WEBHOOK_ENV });
    await using receiver = await startReceiver();
    receiver.script([], 503);
    const created = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', {
      url: receiver.url,
    });
    expect(created.status, created.text).toBe(201);
    receiver.setSecret(String(created.body.secret));
    const endpointId = String(created.body.id);
    const telemetry = await stack.nc.subscribe(
      `verzend.telemetry.${stack.company}.webhook-endpoint-disabled`,
    );

    const one = await publishStatus(stack.nc, stack.company, 'email.failed', {
      error: { code: 'SMTP_PERMANENT', text: '550 mailbox unavailable' },
    });
    const [failed] = await waitForDelivery(stack, endpointId, (l) => l[0]?.status === 'failed');
    expect(failed?.webhookId).toBe(one);
    expect(failed?.attempts.map((a) => a.responseCode)).toEqual([503, 503, 503]);
    expect(failed?.nextAttemptAt).toBeNull();
    let endpoint = await json(stack, 'config', 'GET', `/v1/webhook-endpoints/${endpointId}`);
    expect(endpoint.body.enabled).toBe(true);

    // The second failed delivery in a row disables it, says why, and tells the administrator.
    await publishStatus(stack.nc, stack.company, 'email.failed');
    await waitForDelivery(
      stack,
      endpointId,
      (l) => l.length === 2 && l.every((d) => d.status === 'failed'),
    );
    const deadline = Date.now() + 10_000;
    while (endpoint.body.enabled !== false && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      endpoint = await json(stack, 'config', 'GET', `/v1/webhook-endpoints/${endpointId}`);
    }
    expect(endpoint.body.enabled).toBe(false);
    expect(String(endpoint.body.disabledReason)).toMatch(/last 2 deliveries failed/);
    const told = await Promise.race([
      (async () => {
        for await (const msg of telemetry) {
          return msg.json<Record<string, unknown>>();
        }
        return null;
      })(),
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    telemetry.unsubscribe();
    expect(told).toMatchObject({ event: 'webhook-endpoint-disabled', endpointId });

    // A disabled endpoint gets nothing more (a later change reaches an enabled one, this not).
    await using marker = await startReceiver();
    const second = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', {
      url: marker.url,
    });
    expect(second.status, second.text).toBe(201);
    const before = receiver.received.length;
    await publishStatus(stack.nc, stack.company, 'email.failed');
    await publishStatus(stack.nc, stack.company, 'email.sent');
    await marker.waitFor(2);
    expect(await deliveries(stack, endpointId)).toHaveLength(2);
    expect(receiver.received.length).toBe(before);
    const enabled = await json(stack, 'config', 'PATCH', `/v1/webhook-endpoints/${endpointId}`, {
      enabled: true,
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('keeps a delivery waiting for its retry across a dispatcher restart', async () => {
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      env: { ...WEBHOOK_ENV, WEBHOOK_RETRY_SCHEDULE: '0,1500ms,150ms' },
    });
    await using receiver = await startReceiver();
    receiver.script([500]);
    const created = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', {
      url: receiver.url,
    });
    receiver.setSecret(String(created.body.secret));
    const id = await publishStatus(stack.nc, stack.company, 'event.sent');
    await receiver.waitFor(1);
    // The retry is due in 1.5 s: nothing in memory survives this.
    await stack.stopService('dispatcher');
    await stack.start('dispatcher');
    const [, retry] = await receiver.waitFor(2);
    expect(retry?.headers['webhook-id']).toBe(id);
    expect(retry?.verifyError).toBeNull();
    const [log] = await waitForDelivery(
      stack,
      String(created.body.id),
      (l) => l[0]?.status === 'succeeded',
    );
    expect(log?.attempts.map((a) => a.responseCode)).toEqual([500, 204]);
  });

  it('shows the secret once, keeps it sealed, checks the URL, and keeps companies apart', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'], env: WEBHOOK_ENV });
    const created = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', {
      url: 'https://erp.contoso.example/hooks',
      secret: `whsec_${Buffer.alloc(32, 9).toString('base64')}`,
    });
    expect(created.status, created.text).toBe(201);
    const secret = String(created.body.secret);
    const id = String(created.body.id);
    for (const res of [
      await json(stack, 'config', 'GET', `/v1/webhook-endpoints/${id}`),
      await json(stack, 'config', 'GET', '/v1/webhook-endpoints'),
      await json(stack, 'config', 'PATCH', `/v1/webhook-endpoints/${id}`, { description: 'x' }),
    ]) {
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toContain(secret.slice(6));
      expect(res.text).not.toContain('whsec_');
    }
    // At rest: an AES-GCM envelope, not the secret.
    const kv = await new Kvm(stack.nc).open(Buckets.secrets);
    const stored = await kv.get(SecretKeys.webhookSecret(stack.company, id));
    expect(stored?.string()).toContain('"alg":"A256GCM"');
    expect(stored?.string()).not.toContain(secret.slice(6, 20));
    // Rotation shows the new one once.
    const rotated = await json(
      stack,
      'config',
      'POST',
      `/v1/webhook-endpoints/${id}/rotate-secret`,
      {},
    );
    expect(rotated.status, rotated.text).toBe(200);
    expect(String(rotated.body.secret)).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);

    // URLs: https, and no loopback/link-local/metadata unless allowed (tests allow loopback).
    for (const url of ['http://erp.contoso.example/h', 'https://169.254.169.254/latest']) {
      const bad = await json(stack, 'config', 'POST', '/v1/webhook-endpoints', { url });
      expect(bad.status, url).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }

    // Another company sees none of it, by list or by id, in config or in the dispatcher.
    const other = `o${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const list = await json(stack, 'config', 'GET', '/v1/webhook-endpoints', undefined, other);
    expect(list.body.items).toEqual([]);
    for (const [service, method, path] of [
      ['config', 'GET', `/v1/webhook-endpoints/${id}`],
      ['config', 'PATCH', `/v1/webhook-endpoints/${id}`],
      ['config', 'DELETE', `/v1/webhook-endpoints/${id}`],
      ['dispatcher', 'GET', `/v1/webhook-endpoints/${id}/deliveries`],
      ['dispatcher', 'POST', `/v1/webhook-endpoints/${id}/ping`],
      ['dispatcher', 'POST', `/v1/webhook-endpoints/${id}/deliveries/0000000000000000000/resend`],
    ] as const) {
      const res = await json(
        stack,
        service,
        method,
        path,
        method === 'PATCH' ? {} : undefined,
        other,
      );
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});
