/**
 * The one way to list a KV bucket's keys: `kv.keys()` bounded so it cannot
 * stall.
 *
 * `kv.keys()` walks an ordered consumer and ends when the server says nothing
 * is pending, or at the consumer's next idle heartbeat. When a key under the
 * filter is written while the walk runs (history 1 removes the message the
 * walk was about to read), the ordered consumer is made again from where it
 * was, now with a 30 s heartbeat, and nothing more comes: the walk then waits
 * 30 s for that heartbeat. Seen here on NATS 2.9 in about 1 walk of 300 while
 * a record was being updated; a list API answered after 30 s.
 *
 * Every key the walk will deliver comes in one burst. So a walk that has
 * delivered nothing for `idleMs` is given up and walked again (a fresh
 * consumer), up to `tries` times; then the listing fails as a retryable
 * {@link UnavailableError} instead of hanging.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { UnavailableError } from '../errors';

/** Options of {@link listKeys}. */
export interface ListKeysOptions {
  /** A walk that delivers nothing for this long is given up (default 1 s). */
  idleMs?: number;
  /** Walks before giving up (default 3). */
  tries?: number;
}

/** One walk: its keys, and whether it ended by itself (complete) or stalled. */
async function walk(
  kv: KV,
  filter: string,
  idleMs: number,
): Promise<{ keys: string[]; complete: boolean }> {
  const keys: string[] = [];
  const iter = await kv.keys(filter);
  let last = Date.now();
  let ended = false;
  const done = (async () => {
    for await (const key of iter) {
      keys.push(key);
      last = Date.now();
    }
    ended = true;
  })();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(1, last + idleMs - Date.now()));
    });
    await Promise.race([done, wait]);
    clearTimeout(timer);
    if (ended) {
      await done;
      return { keys, complete: true };
    }
    if (Date.now() - last >= idleMs) {
      iter.stop();
      // The iterator ends once stopped; its loop must not outlive the walk.
      await done.catch(() => undefined);
      return { keys, complete: false };
    }
  }
}

/**
 * The live keys of `kv` matching `filter` (deleted and purged keys left out), in no particular
 * order; never waits long for a walk that stalled.
 * @throws {UnavailableError} when every walk stalled.
 * @example
 * const ids = (await listKeys(kv, `${company}.>`)).map((k) => k.slice(company.length + 1));
 */
export async function listKeys(
  kv: KV,
  filter = '>',
  { idleMs = 1_000, tries = 3 }: ListKeysOptions = {},
): Promise<string[]> {
  for (let i = 0; i < tries; i++) {
    const { keys, complete } = await walk(kv, filter, idleMs);
    if (complete) {
      return keys;
    }
  }
  throw new UnavailableError(`Listing keys of ${filter} stalled ${tries} times.`, {
    code: 'TIMEOUT',
  });
}
