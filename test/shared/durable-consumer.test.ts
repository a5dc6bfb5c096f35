/**
 * The one helper that makes sure a durable consumer exists (`ensureDurable`),
 * against a real nats-server, as the shared pull loop uses it: a loop started
 * before its stream exists keeps asking and consumes once the stream is there;
 * a consumer removed under a running loop is made again; a changed ack wait is
 * applied to the consumer that exists without moving its place.
 */
import { DeliverPolicy, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, ensureDurable, PullLoop } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer } from '../harness';

const logger = createLogger({ service: 'test', level: 'silent' });
const ref = { stream: 'WORK', durable: 'worker', filter: 'work.>' };
const MS = 1_000_000;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('durable consumers - ensureDurable under the shared pull loop', () => {
  it('waits for its stream, makes a lost consumer again, and brings a changed ack wait up to date', async () => {
    await using nats = await TestNatsServer.start();
    const nc = await connect({ servers: nats.url });
    try {
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      const settings = { ackWaitMs: 5_000, maxAckPending: 100, deliverPolicy: DeliverPolicy.All };
      let asked = 0;
      const handled: string[] = [];
      const loop = new PullLoop({
        consumer: () => {
          asked++;
          return ensureDurable(js, jsm, ref, settings);
        },
        handle: async (msg: JsMsg) => {
          handled.push(msg.string());
          msg.ack();
        },
        capacity: 4,
        pullExpiresMs: 1_000,
        ackWaitMs: settings.ackWaitMs,
        retryMs: 50,
        logger,
        what: 'the test consumer',
      });
      loop.start();
      try {
        // No stream yet: the loop keeps asking for its consumer instead of failing.
        await until('a few tries', () => asked >= 3);
        expect(handled).toEqual([]);
        await jsm.streams.add({ name: ref.stream, subjects: ['work.>'] });
        await js.publish('work.a', 'one');
        await js.publish('work.b', 'two');
        await until('both messages', () => handled.length === 2);
        expect(handled).toEqual(['one', 'two']);

        // The consumer is lost (as with a NATS restart that lost it): the next failed pull
        // asks for it again, and it is made anew.
        const askedBefore = asked;
        await jsm.consumers.delete(ref.stream, ref.durable);
        await until('the consumer made again', async () => {
          await js.publish('work.c', 'three');
          return handled.includes('three');
        });
        expect(asked).toBeGreaterThan(askedBefore);
      } finally {
        await loop.stop();
      }

      // A changed ack wait is applied; the consumer keeps its place (nothing is delivered again).
      const before = await jsm.consumers.info(ref.stream, ref.durable);
      await ensureDurable(js, jsm, ref, { ...settings, ackWaitMs: 7_000 });
      const after = await jsm.consumers.info(ref.stream, ref.durable);
      expect(after.config).toMatchObject({
        ack_wait: 7_000 * MS,
        max_deliver: -1,
        max_ack_pending: 100,
        filter_subject: 'work.>',
      });
      expect(after.delivered.stream_seq).toBe(before.delivered.stream_seq);
      expect(after.num_pending).toBe(0);
    } finally {
      await nc.close();
    }
  });
});
