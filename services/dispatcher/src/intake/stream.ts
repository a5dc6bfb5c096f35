/**
 * The posting-event stream as the HTTP intake and the retry need it: publish
 * with a message id (JetStream de-duplicates within its window) and read an
 * event back by sequence.
 * @module
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { Streams, Tracing } from '@verzend/shared';

/** A message as stored in the events stream. */
export interface StoredEventMessage {
  subject: string;
  data: Uint8Array;
}

/** Access to the events stream. */
export interface EventStream {
  /** Publishes and resolves once the stream has stored it (or recognised a duplicate). */
  publish(
    subject: string,
    data: Uint8Array,
    msgId: string,
    /** The request id of the work that posts it (the intake logs under it). */
    requestId?: string,
  ): Promise<{ seq: number; duplicate: boolean }>;
  /** Reads a stored message; null when it has aged out of the stream. */
  read(seq: number): Promise<StoredEventMessage | null>;
}

/** {@link EventStream} over JetStream. */
export function jetStreamEvents(
  js: JetStreamClient,
  jsm: JetStreamManager,
  tracing: Tracing = Tracing.off,
): EventStream {
  return {
    async publish(subject, data, msgId, requestId) {
      // The request id and trace of the HTTP request travel with the event to the intake.
      const h = headers();
      tracing.inject(h, requestId);
      const ack = await js.publish(subject, data, { msgID: msgId, headers: h });
      return { seq: ack.seq, duplicate: ack.duplicate };
    },
    async read(seq) {
      try {
        const msg = await jsm.streams.getMessage(Streams.events.name, { seq });
        return msg ? { subject: msg.subject, data: msg.data } : null;
      } catch {
        // The server answers "no message found" as an error for purged or aged-out sequences.
        return null;
      }
    },
  };
}
