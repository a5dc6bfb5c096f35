/**
 * The status relay's guarantee (ADR-0023): a dispatcher that dies after an
 * email record was written, while its status change was on the way, loses
 * nothing — another relay reads the write again and announces it — and a
 * change announced twice is stored once.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  emailUpdate,
  type StatusRelays,
  type StatusWiring,
  startStatusRelays,
} from '@verzend/dispatcher';
import {
  createLogger,
  type EmailRecord,
  ensureStreams,
  openBucket,
  type StatusUpdate,
  Streams,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer } from '../harness';

const logger = createLogger({ service: 'test', level: 'silent' });
/** Emails made by no event: the relay never reads an event record for them. */
const noEvents = { get: async () => null } as unknown as StatusWiring['events'];

function queuedEmail(id: string): EmailRecord {
  const at = new Date().toISOString();
  return {
    id,
    company: 'cronus',
    status: 'queued',
    messageId: `<${id}@cronus.example>`,
    accountId: 'sales',
    connector: 'smtp',
    relatedRecords: [],
    nextAttemptAt: null,
    attempts: [],
    history: [{ status: 'queued', at, reason: 'Queued' }],
    lastError: null,
    providerMessageId: null,
    sourceEventId: null,
    updatedAt: at,
    sentAt: null,
  } as unknown as EmailRecord;
}

async function statusMessages(nc: NatsConnection): Promise<StatusUpdate[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(Streams.status.name);
  const out: StatusUpdate[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(Streams.status.name, { seq });
    if (m) {
      out.push(m.json<StatusUpdate>());
    }
  }
  return out;
}

describe('status relay', () => {
  it('announces a write whose relay died mid-publish, once, through another relay', async () => {
    await using nats = await TestNatsServer.start();
    const conns: NatsConnection[] = [];
    const relays: StatusRelays[] = [];
    let release: (() => void) | undefined;
    try {
      const open = async () => {
        const nc = await connect({ servers: nats.url });
        conns.push(nc);
        return nc;
      };
      const main = await open();
      await ensureStreams(main);
      const kv = await openBucket(main, 'emails');
      await openBucket(main, 'events');

      // Relay A reads the write, and its publish never reaches the server: then A dies.
      const dying = await open();
      const seenByA: StatusUpdate[] = [];
      const a = await startStatusRelays({
        js: jetstream(dying),
        jsm: await jetstreamManager(dying),
        events: noEvents,
        logger,
        ackWaitMs: 1_000,
        sink: {
          publish: (update) => {
            seenByA.push(update);
            return new Promise<void>((resolve) => {
              release = resolve;
            });
          },
        },
      });
      const email = queuedEmail('em1');
      await kv.create('cronus.em1', JSON.stringify(email));
      for (let i = 0; i < 200 && seenByA.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(seenByA.map((u) => u.kind)).toEqual(['email.queued']);
      await dying.close();
      release?.();
      await a.stop();
      expect(await statusMessages(main)).toEqual([]);

      // Relay B, in another replica, gets the unacknowledged write after the ack wait.
      const other = await open();
      relays.push(
        await startStatusRelays({
          js: jetstream(other),
          jsm: await jetstreamManager(other),
          events: noEvents,
          logger,
          ackWaitMs: 1_000,
        }),
      );
      let stored: StatusUpdate[] = [];
      for (let i = 0; i < 200 && stored.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        stored = await statusMessages(main);
      }
      expect(stored).toEqual([emailUpdate(email)]);
      expect(stored[0]).toMatchObject({ id: 'em1:1', kind: 'email.queued', company: 'cronus' });

      // The same change announced again (a relay that died after publishing, before its ack)
      // is stored once.
      const again = emailUpdate(email) as StatusUpdate;
      await jetstream(main).publish(`verzend.status.cronus.${again.kind}`, JSON.stringify(again), {
        msgID: `cronus.${again.id}`,
      });
      expect(await statusMessages(main)).toHaveLength(1);
    } finally {
      release?.();
      for (const r of relays) {
        await r.stop();
      }
      for (const nc of conns) {
        await nc.close().catch(() => undefined);
      }
    }
  });
});
