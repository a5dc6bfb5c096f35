/**
 * What a connector throws when the dispatcher aborted its send (time-out or
 * shutdown): transient, so the outbox retries it like any unanswered call.
 * @module
 */
import { DeliveryError } from '@verzend/shared';

/** The error of an aborted send. */
export function abortedSend(signal: AbortSignal, cause?: unknown): DeliveryError {
  const reason = signal.reason instanceof Error ? signal.reason.message : 'the send was aborted';
  return new DeliveryError('TIMEOUT', `Stopped before the provider accepted it: ${reason}.`, {
    cause: cause ?? signal.reason,
    retry: true,
  });
}

/** Throws {@link abortedSend} when the signal is aborted (call before each point of no return). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw abortedSend(signal);
  }
}
