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
 * instead of hanging. Only the walk is timed: making its consumer has its own
 * time-out, and with NATS away fails as the outage it is.
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

/** One walk: its keys, or `undefined` when it went quiet without ending and was stopped. */
async function walk(kv: KV, filter: string, idleMs: number): Promise<string[] | undefined> {
  const iter = await kv.keys(filter);
  const keys: string[] = [];
  let last = Date.now();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const quiet = Date.now() - last;
    if (quiet < idleMs) {
      timer = setTimeout(check, idleMs - quiet);
      return;
    }
    stalled = true;
    iter.stop();
  };
  timer = setTimeout(check, idleMs);
  try {
    for await (const key of iter) {
      keys.push(key);
      last = Date.now();
    }
  } finally {
    clearTimeout(timer);
  }
  return stalled ? undefined : keys;
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
    const keys = await walk(kv, filter, idleMs);
    if (keys) {
      return keys;
    }
  }
  throw new UnavailableError(`Listing the keys ${filter} stalled ${tries} times; try again.`);
}
