/**
 * A posted invoice from a company's own ERP credential becomes a sent email
 * through all three services, each on its own credential and reply prefix,
 * under the SHIPPED NATS permissions: every right the flow needs (layout upload
 * and validation, blob store, intake consumer, render, outbox) is granted, and
 * the server refuses nothing; the ERP reads what became of its invoices from the
 * status stream. And only the owner creates what it owns.
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  type EventRecord,
  erpStatusConsumer,
  eventMessageId,
  type StatusUpdate,
  Streams,
  Subjects,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { postedInvoice } from '../../scripts/demo/invoices';
import { SmtpSink, startShippedNats, startStack } from '../harness';

describe('the stack under the shipped NATS permissions', () => {
  it('turns an ERP-published posted invoice into a sent email, with no permission refused', async () => {
    const company = `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const shipped = await startShippedNats({ erpCompanies: [company] });
    await using sink = await SmtpSink.start();
    const stack = await startStack({
      nats: shipped.nats,
      company,
      // The test's own connection only reads: as the dispatcher, which may.
      natsAuth: {
        user: 'dispatcher',
        pass: shipped.passwords.dispatcher as string,
        inboxPrefix: '_INBOX_dispatcher',
      },
      serviceEnv: {
        config: shipped.serviceEnv.config,
        renderer: shipped.serviceEnv.renderer,
        dispatcher: { ...shipped.serviceEnv.dispatcher, CONFIG_CACHE_TTL_MS: '0' },
      },
    });
    const erp = await shipped.connect(`erp-${company}`);
    try {
      await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
        companyName: 'CRONUS International Ltd.',
        account: sink.account('CRONUS Sales', 'sales@cronus.example.com'),
        attachmentFormat: 'docx',
        paypalMerchant: 'payments@cronus.example.com',
      });
      const event = postedInvoice({ company, eventId: 'SI-200001', documentNo: '200001' });
      const ack = await jetstream(erp).publish(
        Subjects.event(company, event.documentType),
        JSON.stringify(event),
        // The stream de-duplicates per company: the message id names company and event.
        { msgID: eventMessageId(company, event.eventId) },
      );
      expect(ack.stream).toBe('VERZEND_EVENTS');

      const until = Date.now() + 30_000;
      let record: EventRecord | undefined;
      while (Date.now() < until && sink.messages.length === 0) {
        const res = await stack.fetch('dispatcher', `/v1/events/${event.eventId}`);
        record = res.status === 200 ? ((await res.json()) as EventRecord) : undefined;
        expect(record?.status).not.toBe('failed');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sink.messages.map((m) => m.parsed.subject)).toEqual(['Invoice 200001 from CRONUS']);
      expect(sink.messages[0]?.parsed.attachments.map((a) => a.filename)).toEqual([
        expect.stringMatching(/200001\.docx$/),
      ]);
      // The same over HTTP: the dispatcher publishes it into the events stream itself.
      const posted = await stack.fetch('dispatcher', '/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // An ERP posts for whoever posted the document: an integration token.
        claims: { perms: ['email-admin', 'email-integration'] },
        body: JSON.stringify(
          postedInvoice({ company, eventId: 'SI-200002', documentNo: '200002' }),
        ),
      });
      expect(posted.status, await posted.clone().text()).toBe(202);
      const second = Date.now() + 30_000;
      while (Date.now() < second && sink.messages.length < 2) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sink.messages.map((m) => m.parsed.subject)).toEqual([
        'Invoice 200001 from CRONUS',
        'Invoice 200002 from CRONUS',
      ]);
      // The ERP reads what became of both from the status stream, with its own consumer.
      await (await jetstreamManager(erp, { checkAPI: false })).consumers.add(Streams.status.name, {
        durable_name: erpStatusConsumer(company),
        filter_subject: Subjects.statusOf(company),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
      const statuses = await jetstream(erp).consumers.get(
        Streams.status.name,
        erpStatusConsumer(company),
      );
      const sent = new Set<string>();
      const readUntil = Date.now() + 30_000;
      while (sent.size < 2 && Date.now() < readUntil) {
        for await (const m of await statuses.fetch({ max_messages: 50, expires: 1_000 })) {
          const update = m.json<StatusUpdate>();
          if (update.kind === 'event.sent' && update.eventId) {
            sent.add(update.eventId);
          }
          m.ack();
        }
      }
      expect([...sent].sort()).toEqual(['SI-200001', 'SI-200002']);
      expect(shipped.nats.violations).toEqual([]);
    } finally {
      await erp.close();
      await stack.stop();
      await shipped.dispose();
    }
  });

  it('lets only config create the blob store: a renderer started first waits for it', async () => {
    const shipped = await startShippedNats();
    const stack = await startStack({
      nats: shipped.nats,
      services: [],
      natsAuth: {
        user: 'dispatcher',
        pass: shipped.passwords.dispatcher as string,
        inboxPrefix: '_INBOX_dispatcher',
      },
      serviceEnv: { config: shipped.serviceEnv.config, renderer: shipped.serviceEnv.renderer },
    });
    try {
      let ready = false;
      const renderer = stack.start('renderer').then((s) => {
        ready = true;
        return s;
      });
      // Its one attempt to create the store is refused, and it waits.
      const until = Date.now() + 10_000;
      while (Date.now() < until && shipped.nats.violations.length === 0) {
        await new Promise((r) => setTimeout(r, 50));
      }
      // (The blob store and the blob-ownership bucket are opened together: either is refused first.)
      expect(shipped.nats.violations.length).toBeGreaterThan(0);
      for (const line of shipped.nats.violations) {
        expect(line).toMatch(
          /Publish Violation - User "renderer", Subject "\$JS\.API\.STREAM\.CREATE\.(OBJ_verzend_blobs|KV_verzend_blob_owners)"/,
        );
      }
      expect(ready).toBe(false);
      await stack.start('config');
      await renderer;
      expect((await stack.fetch('renderer', '/readyz')).status).toBe(200);
      // All it was refused: creating what config owns (the API-limits bucket too, if it got
      // there before config made it).
      for (const line of shipped.nats.violations) {
        expect(line).toMatch(
          /User "renderer", Subject "\$JS\.API\.STREAM\.CREATE\.(OBJ_verzend_blobs|KV_verzend_blob_owners|KV_verzend_api_limits)"/,
        );
      }
    } finally {
      await stack.stop();
      await shipped.dispose();
    }
  });
});
