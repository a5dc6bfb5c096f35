import {
  type Consumer,
  type ConsumerInfo,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { ensureDurable } from './durable-consumer';

const ref = { stream: 'S', durable: 'worker', filter: 's.>' };
const MS = 1_000_000;

/** A JetStream manager holding consumers in memory, recording every write. */
function fakeJetStream(opts: { infoFails?: Error } = {}) {
  const consumers = new Map<string, Record<string, unknown>>();
  const writes: { op: 'add' | 'update'; config: Record<string, unknown> }[] = [];
  const infoOf = (config: Record<string, unknown>) =>
    ({ stream_name: ref.stream, name: config.durable_name, config }) as unknown as ConsumerInfo;
  const jsm = {
    consumers: {
      async info(_stream: string, name: string) {
        if (opts.infoFails) {
          throw opts.infoFails;
        }
        const config = consumers.get(name);
        if (!config) {
          throw new JetStreamApiError({
            code: 404,
            err_code: JetStreamApiCodes.ConsumerNotFound,
            description: 'consumer not found',
          });
        }
        return infoOf(config);
      },
      async add(_stream: string, config: Record<string, unknown>) {
        writes.push({ op: 'add', config });
        consumers.set(config.durable_name as string, { ...config });
        return infoOf(config);
      },
      async update(_stream: string, name: string, config: Record<string, unknown>) {
        writes.push({ op: 'update', config });
        const merged = { ...consumers.get(name), ...config };
        consumers.set(name, merged);
        return infoOf(merged);
      },
    },
  } as unknown as JetStreamManager;
  const js = {
    consumers: { getConsumerFromInfo: (info: ConsumerInfo) => ({ info }) as unknown as Consumer },
  } as unknown as JetStreamClient;
  return { js, jsm, consumers, writes };
}

describe('ensureDurable', () => {
  it('creates a missing consumer with explicit acks, unlimited deliveries and its start', async () => {
    const { js, jsm, writes } = fakeJetStream();
    const consumer = await ensureDurable(js, jsm, ref, {
      ackWaitMs: 30_000,
      maxAckPending: 1_000,
      deliverPolicy: DeliverPolicy.New,
      inactiveMs: 60_000,
    });
    expect(writes).toEqual([
      {
        op: 'add',
        config: {
          durable_name: 'worker',
          filter_subject: 's.>',
          ack_policy: 'explicit',
          deliver_policy: 'new',
          ack_wait: 30_000 * MS,
          max_deliver: -1,
          max_ack_pending: 1_000,
          inactive_threshold: 60_000 * MS,
        },
      },
    ]);
    expect((consumer as unknown as { info: ConsumerInfo }).info.name).toBe('worker');
  });

  it('writes nothing when the settings match, and only what differs when they do not', async () => {
    const { js, jsm, writes, consumers } = fakeJetStream();
    const settings = { ackWaitMs: 30_000, maxAckPending: 1_000 };
    await ensureDurable(js, jsm, ref, settings);
    await ensureDurable(js, jsm, ref, settings);
    expect(writes.map((w) => w.op)).toEqual(['add']);
    // An ack wait changed in the environment; the place in the stream is kept.
    await ensureDurable(js, jsm, ref, { ...settings, ackWaitMs: 45_000 });
    expect(writes.at(-1)).toEqual({ op: 'update', config: { ack_wait: 45_000 * MS } });
    expect(consumers.get('worker')).toMatchObject({ deliver_policy: 'all', ack_wait: 45_000 * MS });
  });

  it('throws what NATS answers when the consumer cannot be looked up (no stream yet, no connection)', async () => {
    const noStream = new JetStreamApiError({
      code: 404,
      err_code: JetStreamApiCodes.StreamNotFound,
      description: 'stream not found',
    });
    const { js, jsm, writes } = fakeJetStream({ infoFails: noStream });
    await expect(ensureDurable(js, jsm, ref, { ackWaitMs: 1_000, maxAckPending: 1 })).rejects.toBe(
      noStream,
    );
    expect(writes).toEqual([]);
  });
});
