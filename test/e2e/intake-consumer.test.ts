/**
 * The intake's durable pull consumer against a real nats-server: a posting
 * run never has more events in flight than the concurrency allows, every
 * event is processed once across a consumer restart, and the records are in
 * KV where `GET /v1/events` reads them.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  FakeTelemetry,
  IntakeConsumer,
  KvEventStore,
  type Outcome,
} from '@verzend/dispatcher/testing';
import {
  createLogger,
  type DocumentPostedEvent,
  ensureStreams,
  eventMessageId,
  openBucket,
  Subjects,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer, track } from '../harness';

const company = 'runco';

function event(i: number) {
  return {
    eventId: `E${i}`,
    company,
    documentType: 'sales-invoice',
    documentNo: String(100000 + i),
    dataset: { currency: 'EUR' },
    customer: { no: '10000', name: 'Fabrikam', emails: ['ap@fabrikam.example'] },
    postingUser: { id: 'u1' },
  };
}

async function setup() {
  const nats = await TestNatsServer.start();
  const nc = await connect({ servers: nats.url });
  const untrack = track('intake test NATS connection');
  const jsm = await ensureStreams(nc);
  const js = jetstream(nc);
  const store = new KvEventStore(await openBucket(nc, 'events'), js);
  const publish = async (from: number, to: number) => {
    await Promise.all(
      Array.from({ length: to - from }, (_, k) => {
        const e = event(from + k);
        return js.publish(Subjects.event(company, 'sales-invoice'), JSON.stringify(e), {
          msgID: eventMessageId(company, e.eventId),
        });
      }),
    );
  };
  return {
    js,
    jsm,
    store,
    publish,
    async [Symbol.asyncDispose]() {
      await nc.close();
      untrack();
      await nats.dispose();
    },
  };
}

const outcome: Outcome = {
  status: 'queued',
  reason: null,
  emailId: 'x',
  messageId: null,
  scenario: 'sales-invoice',
  usage: 'sales-invoice',
  sendingProfile: null,
  subject: 's',
  warnings: [],
  timings: {},
};

function consumerFor(
  t: Awaited<ReturnType<typeof setup>>,
  process: (e: DocumentPostedEvent) => Promise<Outcome>,
  concurrency: number,
) {
  return new IntakeConsumer({
    js: t.js,
    jsm: t.jsm,
    store: t.store,
    process,
    telemetry: new FakeTelemetry(),
    logger: createLogger({ service: 'test', level: 'silent' }),
    maxAttempts: 3,
    backoffMs: () => 10,
    concurrency,
    ackWaitMs: 30_000,
  });
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('intake consumer', () => {
  it('holds no more than its concurrency in flight during a posting run', async () => {
    await using t = await setup();
    await t.publish(0, 300);
    let inFlight = 0;
    let peak = 0;
    const seen: string[] = [];
    const consumer = consumerFor(
      t,
      async (e) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        seen.push(e.eventId);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return outcome;
      },
      4,
    );
    await consumer.start();
    try {
      await until(async () => seen.length >= 300, '300 events');
      await until(
        async () => (await t.store.list(company)).every((r) => r.status === 'queued'),
        'all records queued',
      );
    } finally {
      await consumer.stop();
    }
    expect(peak).toBeLessThanOrEqual(4);
    expect(new Set(seen).size).toBe(300);
    expect(seen).toHaveLength(300);
    const records = await t.store.list(company);
    expect(records).toHaveLength(300);
    const info = await t.jsm.consumers.info('VERZEND_EVENTS', 'verzend-intake');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });

  it('processes every event once across a stop and a new consumer', async () => {
    await using t = await setup();
    await t.publish(0, 120);
    const counts = new Map<string, number>();
    const process = async (e: DocumentPostedEvent) => {
      counts.set(e.eventId, (counts.get(e.eventId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
      return outcome;
    };
    const first = consumerFor(t, process, 8);
    await first.start();
    await until(async () => counts.size >= 40, 'the first 40 events');
    await first.stop();
    // More of the run arrives while no consumer is running, plus copies of early events.
    await t.publish(120, 150);
    const js = t.js;
    for (let i = 0; i < 10; i++) {
      await js.publish(Subjects.event(company, 'sales-invoice'), JSON.stringify(event(i)), {
        msgID: eventMessageId(company, event(i).eventId, 'again'),
      });
    }
    const second = consumerFor(t, process, 8);
    await second.start();
    try {
      await until(async () => counts.size >= 150, 'all 150 events');
      await until(async () => {
        const info = await t.jsm.consumers.info('VERZEND_EVENTS', 'verzend-intake');
        return info.num_pending === 0 && info.num_ack_pending === 0;
      }, 'the stream drained');
    } finally {
      await second.stop();
    }
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(150);
  });
});
