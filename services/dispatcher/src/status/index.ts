/**
 * Status changes of emails and posting events (ADR-0023): two relays, one over
 * the email records' stream and one over the event records' stream, announce
 * every record write as a {@link StatusUpdate} on `VERZEND_STATUS`; the email
 * relay also makes an event's record follow its email (sent, failed, queued
 * again). The code that changes a record does nothing for it: a status change
 * is announced because it was written.
 * @module
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import {
  Consumers,
  type EmailRecord,
  isCasConflict,
  type Logger,
  type Registry,
} from '@verzend/shared';
import type { EventStore, StoredEvent } from '../intake/store';
import { emailUpdate, eventUpdate, followEmail } from './mapping';
import { StatusPublisher, type StatusSink } from './publisher';
import { KvRelay, type RecordWrite, RelayLater } from './relay';

export { emailUpdate, eventUpdate, followEmail } from './mapping';
export { StatusPublisher, type StatusSink } from './publisher';

/** How long an email's outcome waits for its event's outcome to be recorded, and how often it looks. */
const FOLLOW_WAIT_MS = 250;
const FOLLOW_MAX_WAITS = 240;

/** Statuses an email's earlier history must hold for `queued` to move its event back to queued. */
const requeuedFrom = new Set(['draft', 'failed', 'cancelled', 'sent']);

/** True when this email change may change its event's record (saves a read per change otherwise). */
function mayMoveEvent(rec: EmailRecord): boolean {
  if (rec.sourceEventId === null) {
    return false;
  }
  if (rec.status === 'sent' || rec.status === 'failed' || rec.status === 'cancelled') {
    return true;
  }
  return (
    rec.status === 'queued' &&
    rec.nextAttemptAt === null &&
    rec.history.slice(0, -1).some((h) => requeuedFrom.has(h.status))
  );
}

/** Dependencies of the status relays. */
export interface StatusWiring {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Event records (the intake's store). */
  events: EventStore;
  logger: Logger;
  registry?: Registry;
  sink?: StatusSink;
  /** Record writes announced at once per relay. */
  window?: number;
  ackWaitMs?: number;
}

/** Makes the event's record follow its email; waits (redelivery) until the intake recorded it. */
async function follow(events: EventStore, rec: EmailRecord, write: RecordWrite): Promise<void> {
  const eventId = rec.sourceEventId as string;
  for (let tries = 0; tries < 5; tries++) {
    const found = await events.get(rec.company, eventId);
    if (!found) {
      return;
    }
    const decision = followEmail(found.value, rec);
    if (decision === 'none') {
      return;
    }
    if (decision === 'wait') {
      if (write.deliveryCount >= FOLLOW_MAX_WAITS) {
        return; // the event never recorded an outcome (it failed before): nothing to follow
      }
      throw new RelayLater('the event has no outcome on record yet', FOLLOW_WAIT_MS);
    }
    try {
      await events.update(decision.next, found.revision);
      return;
    } catch (err) {
      if (!isCasConflict(err)) {
        throw err;
      }
    }
  }
  throw new RelayLater('the event record kept changing', FOLLOW_WAIT_MS);
}

/** Running status relays. */
export interface StatusRelays {
  stop(): Promise<void>;
}

/** Starts both relays (every replica may; they share the durable consumers). */
export async function startStatusRelays(w: StatusWiring): Promise<StatusRelays> {
  const sink = w.sink ?? new StatusPublisher(w.js, w.registry);
  const logger = w.logger.child({ component: 'status' });
  const window = w.window ?? 256;
  // Heartbeats keep a write in hand alive, so the ack wait bounds only a delivery or ack lost
  // with a NATS node (or a dead replica): the change is then announced 10 s late, not 30 s.
  const ackWaitMs = w.ackWaitMs ?? 10_000;
  const decoder = new TextDecoder();
  // Changes this replica had stored, so a write read again only to retry its follow-up
  // (the event's outcome not yet on record) is not published again.
  const stored = new Set<string>();
  const remember = (id: string) => {
    if (stored.size >= 10_000) {
      stored.clear();
    }
    stored.add(id);
  };
  const emails = new KvRelay({
    js: w.js,
    jsm: w.jsm,
    logger,
    consumer: Consumers.statusEmails,
    window,
    ackWaitMs,
    handle: async (write) => {
      const rec = JSON.parse(decoder.decode(write.data)) as EmailRecord;
      const update = emailUpdate(rec);
      if (update && !(write.deliveryCount > 1 && stored.has(update.id))) {
        await sink.publish(update);
        if (mayMoveEvent(rec)) {
          remember(update.id);
        }
      }
      if (mayMoveEvent(rec)) {
        await follow(w.events, rec, write);
      }
    },
  });
  const events = new KvRelay({
    js: w.js,
    jsm: w.jsm,
    logger,
    consumer: Consumers.statusEvents,
    window,
    ackWaitMs,
    handle: async (write) => {
      const update = eventUpdate(JSON.parse(decoder.decode(write.data)) as StoredEvent);
      if (update) {
        await sink.publish(update);
      }
    },
  });
  await emails.start();
  try {
    await events.start();
  } catch (err) {
    await emails.stop();
    throw err;
  }
  return {
    async stop() {
      await Promise.all([emails.stop(), events.stop()]);
    },
  };
}
