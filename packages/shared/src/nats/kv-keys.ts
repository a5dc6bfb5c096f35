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
 * times; then the walk fails as a retryable {@link UnavailableError} instead of
 * hanging.
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
 * Runs `walk` until one run completes: a run that calls `touch` for nothing for `idleMs` is
 * stopped (its `onStop` callbacks run, its result is dropped) and run again.
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
    let last = Date.now();
    let stalled = false;
    const stops: Array<() => void> = [];
    const run = walk({
      touch: () => {
        last = Date.now();
      },
      onStop: (stop) => {
        stops.push(stop);
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<void>((resolve) => {
      const check = () => {
        if (Date.now() - last >= idleMs) {
          stalled = true;
          resolve();
          return;
        }
        timer = setTimeout(check, Math.max(1, last + idleMs - Date.now()));
      };
      timer = setTimeout(check, idleMs);
    });
    const outcome = await Promise.race([
      run.then((value) => ({ value })),
      watchdog.then(() => undefined),
    ]);
    clearTimeout(timer);
    if (outcome && !stalled) {
      return outcome.value;
    }
    for (const stop of stops) {
      try {
        stop();
      } catch {
        // Already ended.
      }
    }
    // A stopped run ends at once; one stalled before it could say how to stop (a consumer still
    // being made) is left to end by itself, its result dropped.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      run.catch(() => undefined),
      new Promise<void>((resolve) => {
        grace = setTimeout(resolve, idleMs);
      }),
    ]);
    clearTimeout(grace);
  }
  throw new UnavailableError(`Reading ${what} stalled ${tries} times.`, { code: 'TIMEOUT' });
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
