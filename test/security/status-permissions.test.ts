/**
 * Status changes under the SHIPPED NATS permissions: a company's ERP user reads
 * its own company's changes — from the stream through its durable consumer, or
 * live — and nothing of another company's, however it asks.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  ensureStreams,
  erpStatusConsumer,
  type StatusUpdate,
  Streams,
  Subjects,
  statusMessageId,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startShippedNats } from '../harness';

const change = (company: string, n: number): StatusUpdate => ({
  id: `em${n}:3`,
  kind: 'email.sent',
  company,
  at: new Date().toISOString(),
  emailId: `em${n}`,
  messageId: `<em${n}@${company}.example>`,
});

describe("a company's ERP user and the status stream", () => {
  it("reads its company's status changes and cannot read another company's", async () => {
    const shipped = await startShippedNats({ erpCompanies: ['acme', 'initech'] });
    const clients: NatsConnection[] = [];
    try {
      const dispatcher = await shipped.connect('dispatcher');
      clients.push(dispatcher);
      await ensureStreams(dispatcher);
      const js = jetstream(dispatcher);
      for (const [n, company] of ['acme', 'initech', 'acme'].entries()) {
        const update = change(company, n);
        await js.publish(Subjects.status(company, update.kind), JSON.stringify(update), {
          msgID: statusMessageId(company, update.id),
        });
      }
      const acme = await shipped.connect('erp-acme');
      const initech = await shipped.connect('erp-initech');
      clients.push(acme, initech);
      const stream = Streams.status.name;
      const consumerOf = (company: string, filter = Subjects.statusOf(company)) => ({
        durable_name: erpStatusConsumer(company),
        filter_subject: filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });

      // Its own: through its durable consumer, from the stream.
      const acmeJsm = await jetstreamManager(acme, { checkAPI: false });
      await acmeJsm.consumers.add(stream, consumerOf('acme'));
      const own = await jetstream(acme).consumers.get(stream, erpStatusConsumer('acme'));
      const read: StatusUpdate[] = [];
      for await (const m of await own.fetch({ max_messages: 10, expires: 1_000 })) {
        read.push(m.json<StatusUpdate>());
        m.ack();
      }
      expect(read.map((u) => [u.company, u.emailId])).toEqual([
        ['acme', 'em0'],
        ['acme', 'em2'],
      ]);

      // Another company's: not with a wider filter, not under another name, not by asking
      // for a wider filter on the create subject of its own filter.
      await expect(
        acmeJsm.consumers.add(stream, consumerOf('acme', Subjects.statusOf('initech'))),
      ).rejects.toThrow(/Permissions Violation/);
      await expect(
        acmeJsm.consumers.add(stream, consumerOf('acme', 'verzend.status.>')),
      ).rejects.toThrow(/Permissions Violation/);
      await expect(
        acmeJsm.consumers.add(stream, { ...consumerOf('acme'), durable_name: 'mine' }),
      ).rejects.toThrow(/Permissions Violation/);
      const sneaky = await acme.request(
        `$JS.API.CONSUMER.CREATE.${stream}.erp-acme.${Subjects.statusOf('acme')}`,
        JSON.stringify({ stream_name: stream, config: consumerOf('acme', 'verzend.status.>') }),
      );
      const answer = sneaky.json<{ error?: { code: number; description: string } }>();
      expect(answer.error?.description).toMatch(/filter/i);

      // Not through the other company's consumer either.
      await jetstreamManager(initech, { checkAPI: false }).then((jsm) =>
        jsm.consumers.add(stream, consumerOf('initech')),
      );
      await expect(
        jetstream(acme).consumers.get(stream, erpStatusConsumer('initech')),
      ).rejects.toThrow(/Permissions Violation/);
      await expect(
        acme.request(
          `$JS.API.CONSUMER.MSG.NEXT.${stream}.${erpStatusConsumer('initech')}`,
          JSON.stringify({ batch: 1, no_wait: true }),
          { timeout: 2_000 },
        ),
      ).rejects.toThrow(/Permissions Violation/);

      // Live: its own subjects only.
      const live = acme.subscribe(Subjects.statusOf('initech'));
      const closed = await Promise.race([
        live.closed,
        new Promise((r) => setTimeout(() => r('open'), 2_000)),
      ]);
      expect(String(closed)).toMatch(/Permissions Violation/);
      const mine = acme.subscribe(Subjects.statusOf('acme'), { max: 1 });
      await acme.flush();
      const next = change('acme', 9);
      await js.publish(Subjects.status('acme', next.kind), JSON.stringify(next));
      for await (const m of mine) {
        expect(m.json<StatusUpdate>().emailId).toBe('em9');
      }
      // And the stream stays the dispatcher's: an ERP user cannot publish a status change.
      await expect(
        jetstream(acme).publish(Subjects.status('acme', 'email.sent'), '{}', { timeout: 2_000 }),
      ).rejects.toThrow(/Permissions Violation/);
    } finally {
      for (const nc of clients) {
        await nc.close();
      }
      await shipped.dispose();
    }
  });
});
