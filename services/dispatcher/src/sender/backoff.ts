/**
 * Retry delays: capped exponential backoff with "equal jitter" (half fixed,
 * half random, so retries of a burst spread out but never come back sooner
 * than half the step), and a provider's Retry-After always honoured — it may
 * exceed the cap, because the provider knows better (see docs/adr/0009-retries-and-backoff.md).
 * @module
 */
import { backoffMs } from '@verzend/shared';

/** Options of {@link retryDelayMs}. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 = the first retry).
 * @param retryAfterSeconds the provider's Retry-After, when it sent one.
 */
export function retryDelayMs(
  attempt: number,
  opts: BackoffOptions,
  retryAfterSeconds?: number,
): number {
  const jittered = Math.round(backoffMs(attempt, { ...opts, jitter: 'equal' }));
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) {
    return Math.max(jittered, Math.ceil(retryAfterSeconds * 1000));
  }
  return jittered;
}
