/**
 * The one way to list a KV bucket's keys: `kv.keys()`, bounded so it cannot
 * stall.
 *
 * `kv.keys()` walks an ordered consumer and ends when a message says nothing is
 * pending, or at the consumer's next idle heartbeat. When a key under the filter
 * is written while the walk runs (one revision per key: the write removes the
 * message the walk was about to read), the ordered consumer is made again from
 * where it was, with a 30 s heartbeat, and nothing more comes: the walk waits
 * 30 s. Seen here on NATS 2.9 in about 1 walk of 300 while a record was being
 * updated (ADR-0031). Walks that read values use `scanStream`, which can ask
 * its own consumer whether anything is left; `kv.keys()` hides its consumer.
 *
 * A walk delivers what it has in one burst. So a walk that has delivered
 * nothing for `idleMs` is stopped and walked again from scratch, up to `tries`
 * times; then the walk fails as a retryable {@link UnavailableError} (503)
 * instead of hanging.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { UnavailableError } from '../errors';

/** Options of {@link walkUntilComplete} and {@link listKeys}. */
export interface WalkOptions {
  /** A walk that delivers nothing for this long is given up (default 1 s). */
  idleMs?: number;
  /** Walks before giving up (default 3). */
  tries?: number;
}

/** What a walk tells the frame: progress, and how to stop it. */
export interface Walk {
  /** Something arrived: the walk is not stalled. */
  touch(): void;
  /** How to end the walk early (stop its iterator); called when it stalled. */
  onStop(stop: () => void): void;
}

/**
 * Runs `walk` until one run completes: a run that has said how to stop it (`onStop`) and then
 * calls `touch` for nothing for `idleMs` is stopped (its result dropped) and run again.
 * @throws {UnavailableError} when every run stalled.
 * @example
 * const values = await walkUntilComplete(async (w) => {
 *   const messages = await consumer.consume();
 *   w.onStop(() => messages.stop());
 *   for await (const m of messages) { w.touch(); … if (m.info.pending === 0) break; }
 *   return collected;
 * }, 'events of acme');
 */
export async function walkUntilComplete<R>(
  walk: (w: Walk) => Promise<R>,
  what: string,
  { idleMs = 1_000, tries = 3 }: WalkOptions = {},
): Promise<R> {
  for (let i = 0; i < tries; i++) {
    // Armed once the walk says how to stop it: until then it is making its consumer, which has
    // its own time-out and fails as an outage when NATS is away.
    let armed = false;
    let last = Date.now();
    const stops: Array<() => void> = [];
    let wake: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => {
      wake = resolve;
    });
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const quiet = Date.now() - last;
      if (quiet >= idleMs) {
        wake();
        return;
      }
      timer = setTimeout(check, idleMs - quiet);
    };
    const run = walk({
      touch: () => {
        last = Date.now();
      },
      onStop: (stop) => {
        stops.push(stop);
        if (!armed) {
          armed = true;
          last = Date.now();
          timer = setTimeout(check, idleMs);
        }
      },
    });
    let outcome: { value: R } | undefined;
    try {
      outcome = await Promise.race([
        run.then((value) => ({ value })),
        stalled.then(() => undefined),
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (outcome) {
      return outcome.value;
    }
    for (const stop of stops) {
      try {
        stop();
      } catch {
        // Already ended.
      }
    }
    // A stopped walk ends at once; its result is dropped.
    await run.catch(() => undefined);
  }
  throw new UnavailableError(`Reading ${what} stalled ${tries} times; try again.`);
}

/**
 * The live keys of `kv` matching `filter` (deleted and purged keys left out), in no particular
 * order; never waits long for a walk that stalled.
 * @throws {UnavailableError} when every walk stalled.
 * @example
 * const ids = (await listKeys(kv, `${company}.>`)).map((k) => k.slice(company.length + 1));
 */
export function listKeys(kv: KV, filter = '>', options: WalkOptions = {}): Promise<string[]> {
  return walkUntilComplete(
    async (w) => {
      const keys: string[] = [];
      const iter = await kv.keys(filter);
      w.onStop(() => iter.stop());
      for await (const key of iter) {
        keys.push(key);
        w.touch();
      }
      return keys;
    },
    `the keys ${filter}`,
    options,
  );
}
