/**
 * Webhooks under the SHIPPED NATS permissions (ADR-0024): the dispatcher's
 * fan-out on the status stream, its webhook work queue, delivery log and the
 * config look-ups of endpoints and sealed secrets all work on its own
 * credential, and the server refuses nothing.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../dispatcher/webhook-receiver';
import { startShippedNats, startStack } from '../harness';

describe('webhooks under the shipped NATS permissions', () => {
  it('delivers a status change, logs it and pings, with no permission refused', async () => {
    const shipped = await startShippedNats({ observer: true });
    await using receiver = await startReceiver();
    const stack = await startStack({
      nats: shipped.nats,
      services: ['config', 'dispatcher'],
      natsAuth: {
        user: 'dispatcher',
        pass: shipped.passwords.dispatcher as string,
        inboxPrefix: '_INBOX_dispatcher',
      },
      env: { WEBHOOK_RETRY_SCHEDULE: '0,100ms', CONFIG_CACHE_TTL_MS: '0' },
      serviceEnv: { config: shipped.serviceEnv.config, dispatcher: shipped.serviceEnv.dispatcher },
    });
    // The status stream's publisher stands in as the privileged observer.
    const observer = await shipped.connect('observer');
    try {
      const res = await stack.fetch('config', '/v1/webhook-endpoints', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url, kinds: ['event.sent'] }),
      });
      expect(res.status).toBe(201);
      const endpoint = (await res.json()) as { id: string; secret: string };
      receiver.setSecret(endpoint.secret);
      receiver.script([500]);
      const id = `st_${randomUUID()}`;
      await jetstream(observer).publish(
        Subjects.status(stack.company, 'event.sent'),
        JSON.stringify({
          id,
          kind: 'event.sent',
          company: stack.company,
          at: new Date().toISOString(),
        }),
      );
      const got = await receiver.waitFor(2);
      expect(got.map((r) => [r.headers['webhook-id'], r.verifyError])).toEqual([
        [id, null],
        [id, null],
      ]);
      const until = Date.now() + 10_000;
      let items: { status: string }[] = [];
      while (Date.now() < until && items[0]?.status !== 'succeeded') {
        const log = await stack.fetch(
          'dispatcher',
          `/v1/webhook-endpoints/${endpoint.id}/deliveries`,
        );
        expect(log.status).toBe(200);
        items = ((await log.json()) as { items: { status: string }[] }).items;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(items.map((d) => d.status)).toEqual(['succeeded']);
      const ping = await stack.fetch('dispatcher', `/v1/webhook-endpoints/${endpoint.id}/ping`, {
        method: 'POST',
      });
      expect(ping.status).toBe(200);
      expect(shipped.nats.violations).toEqual([]);
    } finally {
      await observer.close();
      await stack.stop();
      await shipped.dispose();
    }
  });
});
