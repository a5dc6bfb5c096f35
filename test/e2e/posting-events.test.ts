/**
 * End to end: a posted invoice published on JetStream (or POSTed) becomes a
 * rendered email at a real SMTP server, through the config service, the
 * renderer and the dispatcher on a private nats-server.
 */
import { jetstream } from '@nats-io/jetstream';
import { type EventRecord, eventMessageId, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { demoCustomers, type PostedInvoice, postedInvoice } from '../../scripts/demo/invoices';
import { type SinkMessage, SmtpSink, startStack } from '../harness';

/** The part of `GET /v1/events` these tests read. */
interface EventList {
  counts: Record<string, number>;
  total: number;
  progress: { done: number; pending: number; percent: number };
  items: EventRecord[];
  nextCursor: string | null;
}

const SENDER = 'sales@cronus.example.com';

/** A stack with all three services, an SMTP sink and the invoicing set-up; disposed by `await using`. */
async function invoicing(dispatcherEnv: Record<string, string> = {}) {
  const sink = await SmtpSink.start();
  const stack = await startStack({
    serviceEnv: {
      dispatcher: {
        INTAKE_MAX_ATTEMPTS: '2',
        INTAKE_RETRY_BASE_MS: '50',
        INTAKE_RETRY_MAX_MS: '200',
        ...dispatcherEnv,
      },
    },
  });
  try {
    await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
      companyName: 'CRONUS International Ltd.',
      account: sink.account('CRONUS Sales', SENDER),
      paypalMerchant: 'payments@cronus.example.com',
      // The Word attachment here; printing to PDF has its own tests (pdf-attachments.test.ts).
      attachmentFormat: 'docx',
    });
  } catch (err) {
    await stack.stop();
    await sink.stop();
    throw err;
  }

  const invoice = (no: string, extra: Partial<Parameters<typeof postedInvoice>[0]> = {}) =>
    postedInvoice({ company: stack.company, eventId: `SI-${no}`, documentNo: no, ...extra });

  // The stream de-duplicates per company: the message id names company and event.
  const publish = async (
    event: PostedInvoice,
    msgId = eventMessageId(event.company, event.eventId),
  ): Promise<void> => {
    await jetstream(stack.nc).publish(
      Subjects.event(event.company, event.documentType),
      JSON.stringify(event),
      { msgID: msgId },
    );
  };

  const post = (event: PostedInvoice) =>
    stack.fetch('dispatcher', '/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      // An ERP posts for whoever posted the document: an integration token.
      claims: { perms: ['email-admin', 'email-integration'] },
    });

  /** Polls the event's record until it reaches one of `statuses`. */
  const settled = async (eventId: string, statuses: string[]): Promise<EventRecord> => {
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

  /** Waits until the sink holds a message for the event and returns all of them. */
  const delivered = async (eventId: string): Promise<SinkMessage[]> => {
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const found = sink.messages.filter(forEvent(eventId));
      if (found.length > 0) {
        return found;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no email for event ${eventId} at the SMTP sink`);
  };

  return {
    stack,
    sink,
    invoice,
    publish,
    post,
    settled,
    delivered,
    async [Symbol.asyncDispose]() {
      await stack.stop();
      await sink.stop();
    },
  };
}

const forEvent = (eventId: string) => (m: SinkMessage) =>
  m.parsed.headers.get('x-verzend-event-id') === eventId;

describe('posted documents become emails', () => {
  it('sends a posted invoice: From, To, subject, every line, the PayPal link, a text part and the document', async () => {
    await using t = await invoicing();
    const { publish, settled, delivered } = t;
    const event = t.invoice('103045');
    await publish(event);
    // The record follows the email to sent (ADR-0023).
    const record = await settled(event.eventId, ['sent', 'failed']);
    expect(record).toMatchObject({
      status: 'sent',
      scenario: 'sales-invoice',
      usage: 'sales-invoice',
      sendingProfile: 'EMAIL',
      subject: 'Invoice 103045 from CRONUS',
      errorCode: null,
    });
    expect(record.emailId).toEqual(expect.any(String));

    const [message, ...more] = await delivered(event.eventId);
    expect(more).toEqual([]);
    const mail = message!.parsed;
    expect(mail.from?.value[0]?.address).toBe(SENDER);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(
      event.customer.emails,
    );
    expect(mail.subject).toBe('Invoice 103045 from CRONUS');
    const html = String(mail.html);
    const lines = (event.dataset?.Lines ?? []) as { Description: string; No: string }[];
    expect(lines).toHaveLength(10);
    for (const line of lines) {
      expect(html).toContain(line.No);
      expect(html).toContain(line.Description);
    }
    expect(html).toMatch(/https:\/\/www\.sandbox\.paypal\.com\/[^"']*cmd=_xclick/);
    expect(html).toContain('Adatum Corporation');
    expect(mail.text).toContain('ATHENS');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [
        'Sales Invoice 103045.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ]);
    // The attachment is a real Word document (a zip with the filled main part).
    const docx = mail.attachments[0]!.content;
    expect(docx.subarray(0, 2).toString()).toBe('PK');

    // In the customer's language (Dutch), with the customer's own layout.
    const dutch = t.invoice('103046', { customer: demoCustomers[1] });
    await publish(dutch);
    const [nl] = await delivered(dutch.eventId);
    expect(nl!.parsed.subject).toBe('Factuur 103046 van CRONUS');
    expect(nl!.parsed.attachments[0]?.filename).toBe('Verkoopfactuur 103046.docx');
    // The customer's report selection override picks the Dutch layout.
    expect(String(nl!.parsed.html)).toContain('Omschrijving');
    expect(String(nl!.parsed.html)).toMatch(/€\s?[\d.]+,\d{2}/);

    // Over HTTP: 202 once durable, then sent like any other.
    const viaHttp = t.invoice('103051');
    const res = await t.post(viaHttp);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      eventId: viaHttp.eventId,
      status: 'received',
      duplicate: false,
      href: `/v1/events/${viaHttp.eventId}`,
    });
    await delivered(viaHttp.eventId);
  });

  it('records a skip, makes a draft, fails without an address, and shows counts and progress', async () => {
    await using t = await invoicing();
    const skipped = t.invoice('103047', { customerOverrides: { sendingProfile: 'NO-EMAIL' } });
    const prompted = t.invoice('103048', { customerOverrides: { sendingProfile: 'PROMPT' } });
    const noAddress = t.invoice('103053', { customerOverrides: { emails: [] } });
    for (const event of [skipped, prompted, noAddress]) {
      await t.publish(event);
    }

    const skip = await t.settled(skipped.eventId, ['skipped', 'queued', 'failed']);
    expect(skip.status).toBe('skipped');
    expect(skip.reason).toContain('NO-EMAIL');
    expect(skip.emailId).toBeNull();

    const draft = await t.settled(prompted.eventId, ['draft', 'queued', 'failed']);
    expect(draft.status).toBe('draft');
    const email = await t.stack.fetch('dispatcher', `/v1/emails/${draft.emailId}`);
    expect((await email.json()) as { status: string; ownerUserId: string }).toMatchObject({
      status: 'draft',
      ownerUserId: 'anna',
    });

    const failed = await t.settled(noAddress.eventId, ['failed', 'queued']);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'INVALID_ADDRESS' });
    expect(failed.reason).toContain('10000');

    const res = await t.stack.fetch('dispatcher', '/v1/events?limit=2');
    expect(res.status).toBe(200);
    const list = (await res.json()) as EventList;
    expect(list.total).toBe(3);
    expect(list.counts).toMatchObject({
      skipped: 1,
      draft: 1,
      failed: 1,
      received: 0,
      processing: 0,
    });
    expect(list.progress).toEqual({ done: 3, pending: 0, percent: 100 });
    expect(list.items).toHaveLength(2);
    expect(list.nextCursor).toEqual(expect.any(String));
    // Another company sees none of them.
    const other = await t.stack.fetch('dispatcher', '/v1/events', {
      claims: { company: 'someoneelse' },
    });
    expect(((await other.json()) as EventList).total).toBe(0);
    expect(t.sink.messages).toEqual([]);
  });

  it('sends one email for an event published twice and posted once more over HTTP', async () => {
    await using t = await invoicing();
    const { publish, settled, delivered, sink } = t;
    const event = t.invoice('103049');
    await publish(event);
    // A second publication outside JetStream's duplicate window looks like a new message.
    await publish(event, eventMessageId(event.company, event.eventId, 'again'));
    await settled(event.eventId, ['sent', 'failed']);
    const res = await t.post(event);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ duplicate: true, status: 'sent' });
    // A later event proves the pipeline has moved past both copies.
    const marker = t.invoice('103050');
    await publish(marker);
    await delivered(marker.eventId);
    await delivered(event.eventId);
    expect(sink.messages.filter(forEvent(event.eventId))).toHaveLength(1);
  });

  it('takes an event over 1 MiB over HTTP: the dataset goes to the object store and is rendered from there', async () => {
    await using t = await invoicing();
    const event = t.invoice('103070');
    // Data the layout does not print, as ERPs send (history, notes): makes the event ~1.2 MB.
    const big = {
      ...event,
      dataset: {
        ...event.dataset,
        History: Array.from({ length: 4000 }, (_, i) => `${i}:${'h'.repeat(300)}`),
      },
    };
    expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
    const res = await t.post(big);
    expect(res.status).toBe(202);
    const [message] = await t.delivered(event.eventId);
    const html = String(message!.parsed.html);
    for (const line of (event.dataset?.Lines ?? []) as { Description: string }[]) {
      expect(html).toContain(line.Description);
    }
    expect(html).not.toContain('hhhhhhhhhh');
    expect(message!.parsed.attachments[0]?.filename).toBe('Sales Invoice 103070.docx');
  });

  it('fails an event with the reason while the renderer is down, and sends it on retry', async () => {
    // Without an outage budget its two attempts alone decide (by default an outage is ridden out).
    await using t = await invoicing({ INTAKE_OUTAGE_RETRY_S: '0' });
    const { stack, publish, settled, delivered } = t;
    await stack.stopService('renderer');
    const event = t.invoice('103052');
    try {
      await publish(event);
      const failed = await settled(event.eventId, ['failed', 'queued']);
      expect(failed.status).toBe('failed');
      expect(failed.errorCode).toBe('UNAVAILABLE');
      expect(failed.reason).toContain('verzend.rpc.renderer.render');
      expect(failed.attempts).toBe(2);
      const listed = (await (
        await stack.fetch('dispatcher', '/v1/events?status=failed')
      ).json()) as EventList;
      expect(listed.items.map((r: EventRecord) => r.eventId)).toContain(event.eventId);
      expect(listed.counts.failed).toBeGreaterThanOrEqual(1);
    } finally {
      await stack.start('renderer');
    }
    const retry = await stack.fetch('dispatcher', `/v1/events/${event.eventId}/retry`, {
      method: 'POST',
    });
    expect(retry.status).toBe(202);
    const record = await settled(event.eventId, ['sent', 'failed']);
    expect(record.status).toBe('sent');
    await delivered(event.eventId);
  });

  it('fails while the scenario’s account needs credentials, and sends after they are entered and the event is retried', async () => {
    // Declared first, so it is closed last: the stack's pooled connection to it goes first.
    await using billingSink = await SmtpSink.start({ users: { billing: 's3cret' } });
    await using t = await invoicing();
    const json = (method: string, body: unknown): RequestInit => ({
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = await t.stack.fetch(
      'config',
      '/v1/accounts',
      json('POST', {
        name: 'Billing',
        emailAddress: 'billing@cronus.example.com',
        settings: {
          connector: 'smtp',
          host: '127.0.0.1',
          port: billingSink.port,
          tls: 'none',
          auth: 'basic',
          userName: 'billing',
        },
      }),
    );
    expect(created.status).toBe(201);
    const account = (await created.json()) as { id: string; needsCredentials: boolean };
    expect(account.needsCredentials).toBe(true);
    const assigned = await t.stack.fetch(
      'config',
      '/v1/scenarios/sales-invoice/account',
      json('PUT', { accountId: account.id }),
    );
    expect(assigned.status).toBe(200);

    const event = t.invoice('103060');
    await t.publish(event);
    const failed = await t.settled(event.eventId, ['failed', 'queued']);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'NEEDS_CREDENTIALS' });
    expect(failed.reason).toContain('Billing');

    const fixed = await t.stack.fetch(
      'config',
      `/v1/accounts/${account.id}`,
      json('PATCH', { secrets: { password: 's3cret' } }),
    );
    expect(fixed.status).toBe(200);
    const retry = await t.stack.fetch('dispatcher', `/v1/events/${event.eventId}/retry`, {
      method: 'POST',
    });
    expect(retry.status).toBe(202);
    expect(await t.settled(event.eventId, ['sent', 'failed'])).toMatchObject({
      status: 'sent',
    });
    await billingSink.waitFor(1);
    expect(billingSink.messages[0]?.parsed.from?.value[0]?.address).toBe(
      'billing@cronus.example.com',
    );
    expect(billingSink.messages[0]?.user).toBe('billing');
    expect(t.sink.messages).toEqual([]);
  });

  it('loses no event of a posting run when nats-server is killed and restarted mid-run', async () => {
    await using t = await invoicing({
      INTAKE_MAX_ATTEMPTS: '20',
      // Events in flight at the kill come back after the ack wait.
      INTAKE_ACK_WAIT_MS: '2000',
      ACK_WAIT_MS: '2000',
      RESCAN_INTERVAL_MS: '500',
      // A request in flight at the kill gets no answer: give up on it sooner than in production.
      INTAKE_RENDER_TIMEOUT_MS: '3000',
      INTAKE_CONFIG_TIMEOUT_MS: '2000',
      INTAKE_RETRY_BASE_MS: '100',
      INTAKE_RETRY_MAX_MS: '1000',
      BASE_BACKOFF_MS: '100',
      MAX_BACKOFF_MS: '1000',
    });
    const events = Array.from({ length: 30 }, (_, i) => t.invoice(String(104000 + i)));
    for (const event of events) {
      await t.publish(event);
    }
    await t.delivered(events[0]!.eventId);
    await t.stack.nats.restart({ kill: true });
    for (const event of events) {
      expect((await t.settled(event.eventId, ['sent', 'failed'])).status).toBe('sent');
    }
    for (const event of events) {
      await t.delivered(event.eventId);
    }
    // Every event reached the customer; copies can only come from sends interrupted by the kill.
    const ids = t.sink.messages.map((m) => String(m.parsed.headers.get('x-verzend-event-id')));
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.eventId)));
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(3);
  });
});
