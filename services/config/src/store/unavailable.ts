/**
 * Tells a NATS outage (disconnected, reconnecting, JetStream not ready, timed
 * out) from a bug, so that a request made while the nats-server restarts gets
 * a retryable 503 UNAVAILABLE instead of a 500.
 * @module
 */
import { JetStreamApiError } from '@nats-io/jetstream';
import { backoffMs, classifyNatsFailure, UnavailableError } from '@verzend/shared';

/** True when `err` (or one of its causes) says NATS is unreachable or not ready. */
export function isNatsUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const kind = classifyNatsFailure(e)?.kind;
    if (kind === 'timeout' || kind === 'unavailable') {
      return true;
    }
    if (e instanceof JetStreamApiError && e.status >= 500) {
      return true;
    }
  }
  return false;
}

/** The retryable error a caller sees while NATS is unavailable. */
export function storeUnavailable(cause: unknown): UnavailableError {
  return new UnavailableError('The configuration store is unavailable right now; retry shortly.', {
    cause,
    retryAfterSeconds: 1,
  });
}

/**
 * Runs a read, retrying while NATS is unavailable (a restart takes a moment),
 * then gives up with {@link storeUnavailable}: after `attempts` tries, or once
 * `budgetMs` has passed since the first began (each try may itself wait for a
 * request timeout while the server is down, so a count alone would keep a
 * caller waiting for many timeouts). Only for reads: a write that timed out may
 * have landed, so writes are never repeated blindly.
 */
export async function readWithRetry<T>(
  read: () => Promise<T>,
  attempts = 8,
  budgetMs = 5_000,
): Promise<T> {
  const started = Date.now();
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (err) {
      if (!isNatsUnavailable(err)) {
        throw err;
      }
      const delay = backoffMs(i, { baseMs: 100, maxMs: 800 });
      if (i >= attempts || Date.now() - started + delay >= budgetMs) {
        throw storeUnavailable(err);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
