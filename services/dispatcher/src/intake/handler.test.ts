import {
  AppError,
  createLogger,
  InternalError,
  toAppError,
  UnavailableError,
  ValidationError,
} from '@verzend/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeTelemetry } from './fakes';
import { type Delivery, exponentialBackoff, type HandlerDeps, handleDelivery } from './handler';
import type { Outcome } from './pipeline';
import { MemoryEventStore } from './store';

const subject = 'verzend.events.cronus.sales-invoice.posted';
const event = {
  eventId: 'ev-1',
  company: 'cronus',
  documentType: 'sales-invoice',
  documentNo: '103045',
  dataset: { currency: 'EUR' },
  customer: { no: '10000', name: 'Fabrikam', emails: ['ap@fabrikam.example'] },
  postingUser: { id: 'u1' },
};
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const delivery = (seq: number, deliveryCount = 1): Delivery => ({ subject, seq, deliveryCount });

const queued: Outcome = {
  status: 'queued',
  reason: null,
  emailId: 'email1',
  messageId: '<email1@cronus.example>',
  scenario: 'sales-invoice',
  usage: 'sales-invoice',
  sendingProfile: 'EMAIL',
  subject: 'Invoice 103045 from CRONUS',
  warnings: [],
  timings: { render: 3 },
};

let store: MemoryEventStore;
let telemetry: FakeTelemetry;
let calls: number;
let behaviour: () => Promise<Outcome>;
let deps: HandlerDeps;
beforeEach(() => {
  store = new MemoryEventStore();
  telemetry = new FakeTelemetry();
  calls = 0;
  behaviour = async () => queued;
  deps = {
    store,
    telemetry,
    logger: createLogger({ service: 'test', level: 'silent' }),
    maxAttempts: 3,
    backoffMs: (attempt) => attempt * 100,
    process: async () => {
      calls++;
      return behaviour();
    },
  };
});

describe('handleDelivery', () => {
  it('processes a new event, records the outcome and acks', async () => {
    expect(await handleDelivery(bytes(event), delivery(7), deps)).toEqual({
      action: 'ack',
      result: 'queued',
    });
    const stored = await store.get('cronus', 'ev-1');
    expect(stored?.value).toMatchObject({
      status: 'queued',
      emailId: 'email1',
      subject: 'Invoice 103045 from CRONUS',
      attempts: 1,
      claimSeq: null,
      sourceSeq: 7,
    });
    expect(telemetry.events.map((e) => e.event)).toEqual(['event-received', 'event-processed']);
  });

  it('keeps events of two companies with the same id apart, and refuses a message id naming another', async () => {
    const other = { ...event, company: 'fabrikam' };
    const otherSubject = 'verzend.events.fabrikam.sales-invoice.posted';
    expect(
      await handleDelivery(bytes(event), { ...delivery(7), msgId: 'cronus.ev-1' }, deps),
    ).toEqual({ action: 'ack', result: 'queued' });
    expect(
      await handleDelivery(
        bytes(other),
        { subject: otherSubject, seq: 8, deliveryCount: 1, msgId: 'fabrikam.ev-1' },
        deps,
      ),
    ).toEqual({ action: 'ack', result: 'queued' });
    expect((await store.get('fabrikam', 'ev-1'))?.value.status).toBe('queued');
    // A bare id, or one naming another company, could make the stream drop someone's event.
    for (const msgId of ['ev-1', 'cronus.ev-1', 'fabrikam.ev-10']) {
      expect(
        await handleDelivery(
          bytes({ ...other, eventId: 'ev-2' }),
          { subject: otherSubject, seq: 9, deliveryCount: 1, msgId },
          deps,
        ),
      ).toMatchObject({ action: 'term' });
    }
    expect(await store.get('fabrikam', 'ev-2')).toBeNull();
    // A retry's republish carries a suffix.
    expect(
      await handleDelivery(
        bytes({ ...other, eventId: 'ev-2' }),
        { subject: otherSubject, seq: 10, deliveryCount: 1, msgId: 'fabrikam.ev-2.retry.3' },
        deps,
      ),
    ).toEqual({ action: 'ack', result: 'queued' });
    expect(calls).toBe(3);
  });

  it('processes the same event id once, whatever message carries it', async () => {
    await handleDelivery(bytes(event), delivery(7), deps);
    expect(await handleDelivery(bytes(event), delivery(9), deps)).toEqual({
      action: 'ack',
      result: 'duplicate',
    });
    expect(await handleDelivery(bytes(event), delivery(7, 2), deps)).toMatchObject({
      result: 'duplicate',
    });
    expect(calls).toBe(1);
  });

  it('leaves an event owned by another in-flight message to that message', async () => {
    let release: (o: Outcome) => void = () => undefined;
    behaviour = () =>
      new Promise<Outcome>((r) => {
        release = r;
      });
    const first = handleDelivery(bytes(event), delivery(7), deps);
    await new Promise((r) => setTimeout(r, 5));
    expect(await handleDelivery(bytes(event), delivery(8), deps)).toMatchObject({
      result: 'duplicate',
    });
    release(queued);
    expect(await first).toMatchObject({ result: 'queued' });
    expect(calls).toBe(1);
  });

  it('resumes an event whose processor died (the same message redelivered)', async () => {
    behaviour = () => new Promise<Outcome>(() => undefined); // never finishes: the "crash"
    void handleDelivery(bytes(event), delivery(7), deps);
    await new Promise((r) => setTimeout(r, 5));
    behaviour = async () => queued;
    expect(await handleDelivery(bytes(event), delivery(7, 2), deps)).toMatchObject({
      result: 'queued',
    });
    expect((await store.get('cronus', 'ev-1'))?.value.attempts).toBe(2);
  });

  it('gives the redelivered processing the first receipt time, so it names the same email', async () => {
    const seen: string[] = [];
    const firstTries: boolean[] = [];
    deps.process = async (_event, context) => {
      seen.push(context.receivedAt);
      firstTries.push(context.firstTry);
      if (seen.length === 1) {
        throw new UnavailableError('The renderer did not answer.');
      }
      return queued;
    };
    deps.now = () => new Date('2026-11-20T09:15:00.000Z');
    await handleDelivery(bytes(event), delivery(7, 1), deps);
    deps.now = () => new Date('2026-11-20T09:16:00.000Z');
    await handleDelivery(bytes(event), delivery(7, 2), deps);
    expect(seen).toEqual(['2026-11-20T09:15:00.000Z', '2026-11-20T09:15:00.000Z']);
    // Only the redelivery may find an email already accepted for the event.
    expect(firstTries).toEqual([true, false]);
  });

  it('retries transient failures with backoff, then records them failed', async () => {
    behaviour = async () => {
      throw new UnavailableError('No service answers verzend.rpc.renderer.render right now.');
    };
    expect(await handleDelivery(bytes(event), delivery(7, 1), deps)).toMatchObject({
      action: 'nak',
      delayMs: 100,
    });
    const interim = (await store.get('cronus', 'ev-1'))?.value;
    expect(interim).toMatchObject({ status: 'processing', errorCode: 'UNAVAILABLE' });
    expect(interim?.reason).toMatch(/^Attempt 1 of 3 failed, retrying: No service answers/);
    expect(interim?.nextAttemptAt).toEqual(expect.any(String));
    expect(await handleDelivery(bytes(event), delivery(7, 2), deps)).toMatchObject({
      action: 'nak',
      delayMs: 200,
    });
    expect(await handleDelivery(bytes(event), delivery(7, 3), deps)).toEqual({
      action: 'ack',
      result: 'failed',
    });
    expect((await store.get('cronus', 'ev-1'))?.value).toMatchObject({
      status: 'failed',
      errorCode: 'UNAVAILABLE',
      reason: 'No service answers verzend.rpc.renderer.render right now.',
      attempts: 3,
      nextAttemptAt: null,
    });
    expect(telemetry.events.at(-1)).toMatchObject({
      event: 'event-failed',
      dims: { code: 'UNAVAILABLE', eventId: 'ev-1' },
    });
  });

  it('rides out an outage past its attempts while the outage budget lasts; other failures still fail', async () => {
    deps.outageRetryMs = 60_000;
    behaviour = async () => {
      throw new UnavailableError('The message bus did not answer in time.', { code: 'TIMEOUT' });
    };
    expect(await handleDelivery(bytes(event), delivery(7, 3), deps)).toMatchObject({
      action: 'nak',
      delayMs: 300,
    });
    const riding = (await store.get('cronus', 'ev-1'))?.value;
    expect(riding).toMatchObject({ status: 'processing', errorCode: 'TIMEOUT' });
    expect(riding?.reason).toMatch(/^Attempt 3 failed during an outage, retrying until /);
    // Not an outage: the attempts decide.
    behaviour = async () => {
      throw new InternalError('stream closed while reading chunk 3');
    };
    expect(await handleDelivery(bytes(event), delivery(7, 4), deps)).toEqual({
      action: 'ack',
      result: 'failed',
    });
  });

  it('fails an event whose outage outlasted the budget since its receipt', async () => {
    deps.outageRetryMs = 60_000;
    // Received two hours ago.
    deps.now = () => new Date(Date.now() - 2 * 3600_000);
    behaviour = async () => {
      throw new UnavailableError('No service answers verzend.rpc.renderer.render right now.');
    };
    expect(await handleDelivery(bytes(event), delivery(7, 3), deps)).toEqual({
      action: 'ack',
      result: 'failed',
    });
    expect((await store.get('cronus', 'ev-1'))?.value).toMatchObject({
      status: 'failed',
      errorCode: 'UNAVAILABLE',
    });
  });

  it('retries an unexpected failure relayed by another service (a blob read hiccup), never failing it at once', async () => {
    // What the renderer answers over NATS when its object-store read throws something unnamed.
    const relayed = toAppError(new Error('stream closed while reading chunk 3')).toProblem();
    behaviour = async () => {
      throw AppError.fromProblem(relayed);
    };
    expect(await handleDelivery(bytes(event), delivery(7, 1), deps)).toMatchObject({
      action: 'nak',
      delayMs: 100,
    });
    expect((await store.get('cronus', 'ev-1'))?.value).toMatchObject({
      status: 'processing',
      errorCode: 'INTERNAL',
    });
  });

  it('records a permanent failure at once', async () => {
    behaviour = async () => {
      throw new ValidationError('Customer 10000 has no email address.', {
        code: 'INVALID_ADDRESS',
      });
    };
    expect(await handleDelivery(bytes(event), delivery(7), deps)).toMatchObject({
      result: 'failed',
    });
    expect((await store.get('cronus', 'ev-1'))?.value).toMatchObject({
      status: 'failed',
      errorCode: 'INVALID_ADDRESS',
      attempts: 1,
    });
  });

  it('picks up an event accepted over HTTP or queued for a retry', async () => {
    await store.create({
      eventId: 'ev-1',
      company: 'cronus',
      documentType: 'sales-invoice',
      documentNo: '103045',
      status: 'received',
      reason: null,
      errorCode: null,
      emailId: null,
      attempts: 0,
      receivedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      claimSeq: null,
      sourceSeq: null,
    });
    expect(await handleDelivery(bytes(event), delivery(3), deps)).toMatchObject({
      result: 'queued',
    });
    expect((await store.get('cronus', 'ev-1'))?.value).toMatchObject({
      status: 'queued',
      sourceSeq: 3,
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('terminates messages that are not events or that name another company than their subject', async () => {
    expect(
      await handleDelivery(new TextEncoder().encode('{oops'), delivery(1), deps),
    ).toMatchObject({
      action: 'term',
    });
    expect(
      await handleDelivery(bytes({ ...event, customer: {} }), delivery(2), deps),
    ).toMatchObject({
      action: 'term',
    });
    const other = {
      subject: 'verzend.events.fabrikam.sales-invoice.posted',
      seq: 3,
      deliveryCount: 1,
    };
    expect(await handleDelivery(bytes(event), other, deps)).toMatchObject({ action: 'term' });
    expect(calls).toBe(0);
    expect(await store.list('cronus')).toEqual([]);
  });
});

describe('exponentialBackoff', () => {
  it('doubles per attempt within ±20 % and stops at the cap', () => {
    const backoff = exponentialBackoff(1000, 5000);
    for (let i = 0; i < 20; i++) {
      expect(backoff(1)).toBeGreaterThanOrEqual(800);
      expect(backoff(1)).toBeLessThanOrEqual(1200);
      expect(backoff(2)).toBeGreaterThanOrEqual(1600);
      expect(backoff(2)).toBeLessThanOrEqual(2400);
      expect(backoff(10)).toBeLessThanOrEqual(6000);
      expect(backoff(10)).toBeGreaterThanOrEqual(4000);
    }
  });
});
