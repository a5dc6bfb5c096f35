import { describe, expect, it } from 'vitest';
import { createCaptureAccount } from '../dispatcher/helpers';
import { startStack } from '../harness';

describe('a NATS outage', () => {
  // The config service's own reads retry for most of a minute before they answer 503
  // (store/unavailable.ts), so its routes are left to its own restart tests.
  it('answers retryable 503s with Retry-After on the renderer and dispatcher, never 500, and recovers', async () => {
    await using stack = await startStack();
    const account = await createCaptureAccount(stack);
    const bearer = await stack.token();
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const calls: [string, string, RequestInit][] = [
      ['dispatcher', '/v1/sent', { headers: { authorization: `Bearer ${bearer}` } }],
      [
        'dispatcher',
        '/v1/emails',
        json({
          to: ['ap@fabrikam.example'],
          subject: 'During the outage',
          text: 'x',
          accountId: account.id,
        }),
      ],
      [
        'dispatcher',
        '/v1/events',
        json({
          eventId: 'outage-1',
          company: stack.company,
          documentType: 'sales-invoice',
          documentNo: '1',
          dataset: {},
          customer: { no: '1', name: 'Fabrikam', emails: ['ap@fabrikam.example'] },
          postingUser: { id: 'admin' },
        }),
      ],
      [
        'renderer',
        '/v1/layouts/validate',
        json({ layout: { blob: { sha256: 'a'.repeat(64), size: 9 } } }),
      ],
    ];
    await stack.nats.stop({ kill: true });
    try {
      const answers = await Promise.all(
        calls.map(async ([service, path, init]) => {
          const res = await fetch(`${stack.url(service as 'config')}${path}`, init);
          const body = await res.text();
          return { where: `${service} ${init.method ?? 'GET'} ${path}`, res, body };
        }),
      );
      for (const { where, res, body } of answers) {
        expect(res.status, `${where}: ${body}`).not.toBe(500);
        if (res.status >= 500) {
          expect(res.status, `${where}: ${body}`).toBe(503);
          expect(Number(res.headers.get('retry-after')), where).toBeGreaterThan(0);
          expect(JSON.parse(body), where).toMatchObject({ retry: true });
        }
      }
      // Every one of these needs NATS.
      expect(answers.filter((a) => a.res.status === 503).length).toBe(calls.length);
    } finally {
      await stack.nats.restart();
    }
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await stack.fetch('config', '/v1/accounts')).status;
      if (status !== 200) {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(status).toBe(200);
  });
});
