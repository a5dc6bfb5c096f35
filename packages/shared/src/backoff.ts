/**
 * One backoff formula for every retry loop: capped exponential steps with a
 * chosen jitter. Callers keep their own loops and limits; this only answers
 * "how long before retry number n".
 * @module
 */

/**
 * How the step is spread: `none` waits the step; `full` anywhere in [0, step)
 * (for contention: compare-and-set races); `equal` in [step/2, step) (retries of
 * a burst spread out but none comes back early, ADR-0009); `{ spread: s }` in
 * step × [1 − s, 1 + s).
 */
export type Jitter = 'none' | 'full' | 'equal' | { spread: number };

/** A backoff policy. */
export interface BackoffPolicy {
  /** The first retry's step, ms. */
  baseMs: number;
  /** The largest step, ms (jitter applies after the cap). */
  maxMs: number;
  /** Growth per retry (default 2). */
  factor?: number;
  /** Default `none`. */
  jitter?: Jitter;
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry; below 1 counts as 1):
 * `min(maxMs, baseMs × factor^(attempt − 1))`, then jittered. Not rounded.
 */
export function backoffMs(attempt: number, policy: BackoffPolicy): number {
  const step = Math.min(
    policy.maxMs,
    policy.baseMs * (policy.factor ?? 2) ** Math.max(0, attempt - 1),
  );
  const jitter = policy.jitter ?? 'none';
  if (jitter === 'none') {
    return step;
  }
  const r = (policy.random ?? Math.random)();
  if (jitter === 'full') {
    return r * step;
  }
  if (jitter === 'equal') {
    return step / 2 + r * (step / 2);
  }
  return step * (1 - jitter.spread + r * 2 * jitter.spread);
}
