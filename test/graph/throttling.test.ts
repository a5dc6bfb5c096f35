/**
 * Limits: 429/503 with Retry-After are waited out in-process when short and
 * become retryable errors carrying retryAfterSeconds when long; at most 4
 * requests per mailbox are in flight.
 */
import { DeliveryError } from '@verzend/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP,
  account,
  appOnly,
  context,
  type GraphFixture,
  generatedAttachment,
  message,
  SHARED,
  startGraphFixture,
} from './fixture';

let fx: GraphFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

describe('Graph throttling', () => {
  it('waits out a 429 with Retry-After and then sends', async () => {
    fx = await startGraphFixture();
    fx.double.fail({
      path: '/sendMail',
      status: 429,
      retryAfter: 2,
      code: 'ApplicationThrottled',
      message: 'Application is over its MailboxConcurrency limit.',
    });
    const ctx = context(account(appOnly()));
    await fx.m365.send(message(), ctx);
    expect(fx.sleeps).toEqual([2000]);
    expect(fx.double.sent).toHaveLength(1);
    expect(
      fx.double.requests.filter((r) => r.path.endsWith('/sendMail')).map((r) => r.status),
    ).toEqual([429, 202]);
    expect(ctx.events.find((e) => e.event === 'graph-request-throttled')?.dims).toMatchObject({
      status: 429,
      retryAfterSeconds: 2,
    });
  });

  it('turns a long Retry-After into a retryable PROVIDER_THROTTLED error for the dispatcher backoff', async () => {
    fx = await startGraphFixture();
    fx.double.fail({
      path: '/sendMail',
      status: 429,
      retryAfter: 120,
      code: 'ApplicationThrottled',
    });
    const err = await fx.m365.send(message(), context(account(appOnly()))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({
      code: 'PROVIDER_THROTTLED',
      retry: true,
      retryAfterSeconds: 120,
      providerStatus: 429,
    });
    expect(fx.sleeps).toEqual([]);
  });

  it('treats 503 and 504 on demand as retryable, honouring Retry-After', async () => {
    fx = await startGraphFixture();
    fx.double.fail({ path: '/sendMail', status: 503, retryAfter: 300, times: 1 });
    await expect(fx.m365.send(message(), context(account(appOnly())))).rejects.toMatchObject({
      code: 'PROVIDER_THROTTLED',
      retry: true,
      retryAfterSeconds: 300,
    });
    fx.double.fail({ path: '/sendMail', status: 504, times: 4 });
    await expect(fx.m365.send(message(), context(account(appOnly())))).rejects.toMatchObject({
      code: 'TIMEOUT',
      retry: true,
    });
    // Without Retry-After: 1, 2, 4 s, then the dispatcher takes over.
    expect(fx.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('gives up after three waits in a row', async () => {
    fx = await startGraphFixture();
    fx.double.fail({ path: '/sendMail', status: 429, retryAfter: 1, times: 10 });
    await expect(fx.m365.send(message(), context(account(appOnly())))).rejects.toMatchObject({
      code: 'PROVIDER_THROTTLED',
      retryAfterSeconds: 1,
    });
    expect(fx.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('keeps at most 4 requests in flight per mailbox, so the double never throttles', async () => {
    fx = await startGraphFixture({ latencyMs: 20 });
    const f = fx;
    const acc = account(appOnly());
    await Promise.all(Array.from({ length: 12 }, () => f.m365.send(message(), context(acc))));
    expect(f.double.sent).toHaveLength(12);
    expect(f.double.maxConcurrent.get(SHARED)).toBeLessThanOrEqual(4);
    expect(f.double.requests.some((r) => r.status === 429)).toBe(false);
  });

  it('counts upload chunks against the same per-mailbox budget', async () => {
    fx = await startGraphFixture({ latencyMs: 5 });
    const f = fx;
    const acc = account(appOnly());
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        f.m365.send(
          message({ attachments: [generatedAttachment(`a${i}.bin`, 5 * 1024 * 1024, i + 1)] }),
          context(acc),
        ),
      ),
    );
    expect(f.double.sent).toHaveLength(6);
    expect(f.double.maxConcurrent.get(SHARED)).toBeLessThanOrEqual(4);
    expect(f.double.requests.some((r) => r.status === 429)).toBe(false);
  });

  it('the double enforces 4 concurrent requests per mailbox with 429 + Retry-After', async () => {
    fx = await startGraphFixture({ latencyMs: 300, throttleRetryAfterSeconds: 3 });
    const token = await fx.runtime.tokens
      .app(
        { tenantId: APP.tenantId, clientId: APP.clientId, clientSecret: APP.clientSecret },
        `${fx.double.url}/.default`,
      )
      .get();
    const url = `${fx.double.graphBaseUrl}/users/${encodeURIComponent(SHARED)}/sendMail`;
    const body = JSON.stringify({
      message: { subject: 'x', toRecipients: [{ emailAddress: { address: 'a@b.example' } }] },
    });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    const throttled = responses.find((r) => r.status === 429);
    expect(throttled?.headers.get('retry-after')).toBe('3');
    expect(await throttled?.json()).toMatchObject({ error: { code: 'ApplicationThrottled' } });
  });
});
