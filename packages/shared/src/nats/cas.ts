/**
 * Compare-and-set on JetStream (KV updates, expected-last-sequence publishes):
 * recognising the refusal that means "someone else wrote first".
 * @module
 */
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';

/**
 * True when a write was refused because the subject or key moved on: a create of
 * an existing key, an update at a stale revision, an expected-last-sequence
 * publish that lost the race. Callers re-read and decide again.
 */
export function isCasConflict(err: unknown): boolean {
  if (err instanceof JetStreamApiError) {
    return (
      err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown
    );
  }
  // Errors of the client's own checks (and of in-memory stand-ins) carry only the message.
  return err instanceof Error && /wrong last sequence/i.test(err.message);
}

/**
 * A value read from a KV bucket with the revision it was read at: what a
 * compare-and-set write names to say "only if nobody wrote since".
 */
export interface Versioned<T> {
  value: T;
  revision: number;
}
