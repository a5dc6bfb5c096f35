/**
 * Classifies failures of the NATS client by type (never by message text), so
 * the error vocabulary can tell a NATS outage or a full JetStream store from a
 * bug. Kept apart from `errors.ts` so that module stays free of cycles.
 * @module
 */
import { JetStreamApiError, JetStreamError } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/nats-core';

/** JetStream API error codes (nats-server `errors.json`) that mean "out of storage". */
const STORAGE_CODES = new Set([
  10023, // insufficient resources
  10028, // insufficient memory resources available
  10047, // insufficient storage resources available
  10077, // stream store failed (maximum bytes/messages exceeded on a full store)
]);

/** What a NATS failure means for the caller. */
export type NatsFailure =
  | { kind: 'timeout' }
  | { kind: 'unavailable' }
  | { kind: 'storage'; apiCode: number };

/** Returns how a thrown value from the NATS client should be treated, or null when it is not one. */
export function classifyNatsFailure(err: unknown): NatsFailure | null {
  if (err instanceof JetStreamApiError) {
    return STORAGE_CODES.has(err.code) ? { kind: 'storage', apiCode: err.code } : null;
  }
  if (err instanceof natsErrors.TimeoutError) {
    return { kind: 'timeout' };
  }
  if (err instanceof natsErrors.RequestError && err.cause instanceof natsErrors.TimeoutError) {
    return { kind: 'timeout' };
  }
  if (
    err instanceof natsErrors.NoRespondersError ||
    err instanceof natsErrors.RequestError ||
    err instanceof natsErrors.ClosedConnectionError ||
    err instanceof natsErrors.DrainingConnectionError ||
    err instanceof natsErrors.ConnectionError ||
    err instanceof JetStreamError
  ) {
    return { kind: 'unavailable' };
  }
  return null;
}
