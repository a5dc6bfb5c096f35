/**
 * End to end: a posted invoice published on JetStream (or POSTed) becomes a
 * rendered email at a real SMTP server, through the config service, the
 * renderer and the dispatcher on a private nats-server.
 */
import { jetstream } from '@nats-io/jetstream';
import { type EventRecord, Subjects } from '@verzend/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { demoCustomers, type PostedInvoice, postedInvoice } from '../../scripts/demo/invoices';
import { type SinkMessage, SmtpSink, type Stack, startStack } from '../harness';

/** The part of `GET /v1/events` these tests read. */
interface EventList {
  counts: Record<string, number>;
  total: number;
  items: EventRecord[];
  nextCursor: string | null;
}

let stack: Stack;
let sink: SmtpSink;
const SENDER = 'sales@cronus.example.com';

beforeAll(async () => {
  sink = await SmtpSink.start();
  stack = await startStack({
    serviceEnv: {
      dispatcher: {
        INTAKE_MAX_ATTEMPTS: '2',
        INTAKE_RETRY_BASE_MS: '50',
        INTAKE_RETRY_MAX_MS: '200',
      },
    },
  });
  await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
    companyName: 'CRONUS International Ltd.',
    account: {
      name: 'CRONUS Sales',
      emailAddress: SENDER,
      settings: {
        connector: 'smtp',
        host: '127.0.0.1',
        port: sink.port,
        tls: 'none',
        verifyCertificate: false,
        auth: 'anonymous',
        senderType: 'specific-user',
        senderSubstitution: 'none',
      },
    },
    paypalMerchant: 'payments@cronus.example.com',
  });
});

afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
});

function invoice(no: string, extra: Partial<Parameters<typeof postedInvoice>[0]> = {}) {
  return postedInvoice({ company: stack.company, eventId: `SI-${no}`, documentNo: no, ...extra });
}

async function publish(event: PostedInvoice, msgId = event.eventId): Promise<void> {
  await jetstream(stack.nc).publish(
    Subjects.event(event.company, event.documentType),
    JSON.stringify(event),
    { msgID: msgId },
  );
}

/** Polls the event's record until it reaches one of `statuses`. */
async function settled(
  eventId: string,
  statuses: string[],
  timeoutMs = 20_000,
): Promise<EventRecord> {
  const until = Date.now() + timeoutMs;
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
  throw new Error(`event ${eventId} did not reach ${statuses.join('/')}: ${JSON.stringify(last)}`);
}

const forEvent = (eventId: string) => (m: SinkMessage) =>
  m.parsed.headers.get('x-verzend-event-id') === eventId;

/** Waits until the sink holds a message for the event and returns all of them. */
async function delivered(eventId: string, timeoutMs = 20_000): Promise<SinkMessage[]> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = sink.messages.filter(forEvent(eventId));
    if (found.length > 0) {
      return found;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no email for event ${eventId} at the SMTP sink`);
}

describe('posted documents become emails', () => {
  it('sends a posted invoice: From, To, subject, every line, the PayPal link, a text part and the document', async () => {
    const event = invoice('103045');
    await publish(event);
    const record = await settled(event.eventId, ['queued', 'failed']);
    expect(record).toMatchObject({
      status: 'queued',
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
        'Invoice 103045.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ]);
    // The attachment is a real Word document (a zip with the filled main part).
    const docx = mail.attachments[0]!.content;
    expect(docx.subarray(0, 2).toString()).toBe('PK');
  });

  it('writes the subject and file name in the customer’s language', async () => {
    const event = invoice('103046', { customer: demoCustomers[1] });
    await publish(event);
    const [message] = await delivered(event.eventId);
    expect(message!.parsed.subject).toBe('Factuur 103046 van CRONUS');
    expect(message!.parsed.attachments[0]?.filename).toBe('Factuur 103046.docx');
  });

  it('records a skip when the sending profile does not email', async () => {
    const event = invoice('103047', { customerOverrides: { sendingProfile: 'NO-EMAIL' } });
    await publish(event);
    const record = await settled(event.eventId, ['skipped', 'queued', 'failed']);
    expect(record.status).toBe('skipped');
    expect(record.reason).toContain('NO-EMAIL');
    expect(record.emailId).toBeNull();
  });

  it('makes a draft for the posting user when the profile prompts', async () => {
    const event = invoice('103048', { customerOverrides: { sendingProfile: 'PROMPT' } });
    await publish(event);
    const record = await settled(event.eventId, ['draft', 'queued', 'failed']);
    expect(record.status).toBe('draft');
    expect(record.emailId).toEqual(expect.any(String));
  });

  it('sends one email for an event published twice and posted once more over HTTP', async () => {
    const event = invoice('103049');
    await publish(event);
    // A second publication outside JetStream's duplicate window looks like a new message.
    await publish(event, `${event.eventId}-again`);
    await settled(event.eventId, ['queued', 'failed']);
    const res = await stack.fetch('dispatcher', '/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ duplicate: true, status: 'queued' });
    // A later event proves the pipeline has moved past both copies.
    const marker = invoice('103050');
    await publish(marker);
    await delivered(marker.eventId);
    await delivered(event.eventId);
    expect(sink.messages.filter(forEvent(event.eventId))).toHaveLength(1);
  });

  it('accepts an event over HTTP with 202 and sends it', async () => {
    const event = invoice('103051');
    const res = await stack.fetch('dispatcher', '/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      eventId: event.eventId,
      status: 'received',
      duplicate: false,
      href: `/v1/events/${event.eventId}`,
    });
    await delivered(event.eventId);
  });

  it('fails an event with the reason while the renderer is down, and sends it on retry', async () => {
    await stack.stopService('renderer');
    const event = invoice('103052');
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
    const record = await settled(event.eventId, ['queued', 'failed']);
    expect(record.status).toBe('queued');
    await delivered(event.eventId);
  });

  it('fails, with a reason naming the customer, when the customer has no email address', async () => {
    const event = invoice('103053', { customerOverrides: { emails: [] } });
    await publish(event);
    const record = await settled(event.eventId, ['failed', 'queued']);
    expect(record).toMatchObject({ status: 'failed', errorCode: 'INVALID_ADDRESS' });
    expect(record.reason).toContain('10000');
  });

  it('shows counts and progress of the company’s events', async () => {
    const res = await stack.fetch('dispatcher', '/v1/events?limit=3');
    expect(res.status).toBe(200);
    const list = (await res.json()) as EventList;
    expect(list.total).toBeGreaterThanOrEqual(9);
    expect(list.counts.skipped).toBe(1);
    expect(list.counts.draft).toBe(1);
    expect(list.items).toHaveLength(3);
    expect(list.nextCursor).toEqual(expect.any(String));
    // Another company sees none of them.
    const other = await stack.fetch('dispatcher', '/v1/events', {
      claims: { company: 'someoneelse' },
    });
    expect(((await other.json()) as EventList).total).toBe(0);
  });
});
