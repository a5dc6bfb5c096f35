/**
 * The provider call of an attempt, bounded by the send time-out (step 4 of
 * docs/adr/0007-outbox-on-jetstream-and-crash-safety.md): at the time-out the
 * connector's signal aborts — it closes the connection or cancels the request
 * carrying the message, so a send given up on cannot finish later — and the
 * attempt fails with a retryable `TIMEOUT` at once, whatever the connector does.
 * @module
 */
import { UnavailableError } from '@verzend/shared';

/**
 * Runs `send` with a signal that aborts after `timeoutMs`; rejects with a retryable
 * `TIMEOUT` then, without waiting for `send` to notice.
 */
export async function sendWithin<T>(
  timeoutMs: number,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      send(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(
            new UnavailableError(`The provider did not answer within ${timeoutMs} ms.`, {
              code: 'TIMEOUT',
              retry: true,
            }),
          );
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
