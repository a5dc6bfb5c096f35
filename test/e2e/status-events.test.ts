/**
 * End to end: a posted invoice's email and event changes arrive on the status
 * stream (VERZEND_STATUS) in order, and the event's record follows its email to
 * sent (with the Message-ID the recipient got) or to failed (with the SMTP
 * reason); a skipped event announces its skip.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  type EventRecord,
  eventMessageId,
  type StatusUpdate,
  StatusUpdate as StatusUpdateSchema,
  Streams,
  Subjects,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { type PostedInvoice, postedInvoice } from '../../scripts/demo/invoices';
import { SmtpSink, startStack } from '../harness';

const SENDER = 'sales@cronus.example.com';

/** The stack, an SMTP sink, the invoicing set-up and a reader of the company's status changes. */
async function statusStack() {
  const sink = await SmtpSink.start();
  const stack = await startStack({ serviceEnv: { dispatcher: { CONFIG_CACHE_TTL_MS: '0' } } });
  const stopAll = async () => {
    await stack.stop();
    await sink.stop();
  };
  try {
    await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
      companyName: 'CRONUS International Ltd.',
      account: sink.account('CRONUS Sales', SENDER),
      attachmentFormat: 'docx',
    });
  } catch (err) {
    await stopAll();
    throw err;
  }
  const js = jetstream(stack.nc);
  const jsm = await jetstreamManager(stack.nc);
  await jsm.consumers.add(Streams.status.name, {
    durable_name: 'test-reader',
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    filter_subject: Subjects.statusOf(stack.company),
  });
  const consumer = await js.consumers.get(Streams.status.name, 'test-reader');
  /** Every change read so far, in stream order, with the subject it came on. */
  const seen: { subject: string; update: StatusUpdate }[] = [];

  /** Reads the stream until `done` holds for the changes of one event (or throws after 20 s). */
  const changesOf = async (
    eventId: string,
    done: (kinds: string[]) => boolean,
  ): Promise<StatusUpdate[]> => {
    const until = Date.now() + 20_000;
    const mine = () => seen.filter((s) => s.update.eventId === eventId).map((s) => s.update);
    while (!done(mine().map((u) => u.kind))) {
      if (Date.now() > until) {
        throw new Error(
          `status of ${eventId} so far: ${mine()
            .map((u) => u.kind)
            .join(', ')}`,
        );
      }
      const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
      for await (const m of batch) {
        seen.push({ subject: m.subject, update: m.json<StatusUpdate>() });
      }
    }
    return mine();
  };

  const invoice = (no: string, extra: Partial<Parameters<typeof postedInvoice>[0]> = {}) =>
    postedInvoice({ company: stack.company, eventId: `SI-${no}`, documentNo: no, ...extra });
  const publish = async (event: PostedInvoice) => {
    await js.publish(Subjects.event(event.company, event.documentType), JSON.stringify(event), {
      msgID: eventMessageId(event.company, event.eventId),
    });
  };
  const record = async (eventId: string, statuses: string[]): Promise<EventRecord> => {
    const until = Date.now() + 20_000;
    let last: unknown;
    while (Date.now() < until) {
      const res = await stack.fetch('dispatcher', `/v1/events/${eventId}`);
      if (res.status === 200) {
        last = await res.json();
        if (statuses.includes((last as EventRecord).status)) {
          return last as EventRecord;
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `event ${eventId} did not reach ${statuses.join('/')}: ${JSON.stringify(last)}`,
    );
  };
  return { stack, sink, seen, changesOf, invoice, publish, record, [Symbol.asyncDispose]: stopAll };
}

const kinds = (updates: StatusUpdate[], prefix: string) =>
  updates.filter((u) => u.kind.startsWith(prefix)).map((u) => u.kind);

describe('status changes of posted documents', () => {
  // One stack for the three documents (starting one takes seconds); each reads only its event's changes.
  it('a sent, a refused and a skipped invoice: their changes in order on the stream, and records that end sent, failed and skipped', async () => {
    await using t = await statusStack();
    const event = t.invoice('103045');
    const refused = t.invoice('103050', {
      customerOverrides: { emails: ['nobody@adatum.example.com'] },
    });
    t.sink.script('nobody@adatum.example.com', {
      code: 550,
      message: '5.1.1 Mailbox does not exist',
    });
    const skipped = t.invoice('103047', { customerOverrides: { sendingProfile: 'NO-EMAIL' } });
    for (const e of [event, refused, skipped]) {
      await t.publish(e);
    }

    // Sent: every change, each once, in order.
    const updates = await t.changesOf(event.eventId, (k) => k.includes('event.sent'));
    expect(kinds(updates, 'event.')).toEqual([
      'event.received',
      'event.rendered',
      'event.queued',
      'event.sent',
    ]);
    expect(kinds(updates, 'email.')).toEqual(['email.queued', 'email.sending', 'email.sent']);
    const order = updates.map((u) => u.kind);
    // Each change follows its cause: the email is queued once rendered, the event is sent once its email is.
    expect(order.indexOf('email.queued')).toBeGreaterThan(order.indexOf('event.rendered'));
    expect(order.indexOf('event.sent')).toBeGreaterThan(order.indexOf('email.sent'));

    const message = t.sink.messages.find(
      (m) => m.parsed.headers.get('x-verzend-event-id') === event.eventId,
    );
    const messageId = message?.parsed.messageId;
    expect(messageId).toEqual(expect.any(String));
    const sent = updates.find((u) => u.kind === 'email.sent');
    expect(sent).toMatchObject({
      company: t.stack.company,
      eventId: event.eventId,
      documentType: 'sales-invoice',
      documentNo: '103045',
      accountId: expect.any(String),
      attempt: 1,
      messageId,
      providerMessageId: expect.any(String),
    });
    for (const u of updates) {
      expect(StatusUpdateSchema.safeParse(u).success, u.kind).toBe(true);
      expect(u).toMatchObject({ company: t.stack.company, eventId: event.eventId });
    }
    expect(new Set(updates.map((u) => u.id)).size).toBe(updates.length);

    const rec = await t.record(event.eventId, ['sent', 'failed']);
    expect(rec).toMatchObject({
      status: 'sent',
      emailId: sent?.emailId,
      messageId,
      providerMessageId: sent?.providerMessageId,
      lastError: null,
    });
    // The list shows it as sent too.
    const list = (await (await t.stack.fetch('dispatcher', '/v1/events?status=sent')).json()) as {
      counts: Record<string, number>;
      items: EventRecord[];
    };
    expect(list.counts.sent).toBe(1);
    expect(list.items.map((r) => [r.eventId, r.messageId])).toEqual([[event.eventId, messageId]]);

    // Refused with 550: email.failed and event.failed with the SMTP reason, on the record too.
    const failing = await t.changesOf(refused.eventId, (k) => k.includes('event.failed'));
    expect(kinds(failing, 'email.')).toEqual(['email.queued', 'email.sending', 'email.failed']);
    expect(kinds(failing, 'event.').at(-1)).toBe('event.failed');
    const emailFailed = failing.find((u) => u.kind === 'email.failed');
    const eventFailed = failing.find((u) => u.kind === 'event.failed');
    expect(emailFailed?.error).toMatchObject({ code: 'RECIPIENT_REJECTED' });
    expect(emailFailed?.error?.text).toContain('5.1.1 Mailbox does not exist');
    expect(eventFailed?.error).toEqual(emailFailed?.error);
    expect(eventFailed?.emailId).toBe(emailFailed?.emailId);
    const failedRecord = await t.record(refused.eventId, ['failed', 'sent']);
    expect(failedRecord).toMatchObject({
      status: 'failed',
      errorCode: 'RECIPIENT_REJECTED',
      lastError: emailFailed?.error,
    });
    expect(failedRecord.messageId).toBe(emailFailed?.messageId);

    // Skipped: received, then skipped with the reason; nothing rendered or queued.
    const skipping = await t.changesOf(skipped.eventId, (k) => k.includes('event.skipped'));
    expect(skipping.map((u) => u.kind)).toEqual(['event.received', 'event.skipped']);
    expect(skipping[1]?.error).toMatchObject({ code: 'SKIPPED' });
    expect(skipping[1]?.error?.text).toContain('NO-EMAIL');
    expect(await t.record(skipped.eventId, ['skipped'])).toMatchObject({ status: 'skipped' });

    // One subject per kind, and no change twice.
    for (const { subject, update } of t.seen) {
      expect(subject).toBe(Subjects.status(t.stack.company, update.kind));
    }
    expect(new Set(t.seen.map((s) => s.update.id)).size).toBe(t.seen.length);
  });
});
