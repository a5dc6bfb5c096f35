import type { KV } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../errors';
import { listKeys } from './kv-keys';

/**
 * A bucket whose walks follow `script`: 'ok' delivers the keys and ends; 'stall' delivers them
 * and then waits for a heartbeat that does not come, as `kv.keys()` does after its consumer was
 * made again mid-walk.
 */
function bucket(
  keys: string[],
  script: Array<'ok' | 'stall'>,
  start: () => Promise<void> = async () => undefined,
) {
  const walks: string[] = [];
  const kv = {
    keys: async () => {
      const mode = script[walks.length] ?? 'ok';
      walks.push(mode);
      await start();
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => {
        stop = resolve;
      });
      async function* iterate() {
        yield* keys;
        if (mode === 'stall') {
          await stopped;
        }
      }
      const iter = iterate();
      return Object.assign(iter, { stop });
    },
  } as unknown as KV;
  return { kv, walks };
}

describe('listKeys', () => {
  it('returns what a walk that ends by itself delivered', async () => {
    const { kv, walks } = bucket(['a.1', 'a.2'], ['ok']);
    expect(await listKeys(kv, 'a.>', { idleMs: 50 })).toEqual(['a.1', 'a.2']);
    expect(walks).toEqual(['ok']);
  });

  it('gives up a walk that went quiet without ending and walks again', async () => {
    const { kv, walks } = bucket(['a.1', 'a.2'], ['stall', 'ok']);
    const started = Date.now();
    expect(await listKeys(kv, 'a.>', { idleMs: 50 })).toEqual(['a.1', 'a.2']);
    expect(walks).toEqual(['stall', 'ok']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails as a retryable time-out when every walk stalls, never hangs', async () => {
    const { kv, walks } = bucket(['a.1'], ['stall', 'stall', 'stall']);
    const err = await listKeys(kv, 'a.>', { idleMs: 20, tries: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', retry: true });
    expect(walks).toHaveLength(3);
  });
});

describe('listKeys: the start of a walk', () => {
  it('gives a walk all the time its start needs (its own time-outs apply), and bounds only its quiet', async () => {
    // A consumer slow to be made.
    const { kv, walks } = bucket(['a.1'], ['ok'], () => new Promise((r) => setTimeout(r, 150)));
    expect(await listKeys(kv, 'a.>', { idleMs: 30 })).toEqual(['a.1']);
    expect(walks).toEqual(['ok']);
  });

  it('passes on a start that fails (an outage) as it is', async () => {
    const { kv } = bucket(['a.1'], ['ok'], async () => {
      throw new Error('no responders');
    });
    const err = await listKeys(kv, 'a.>', { idleMs: 30 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'no responders' });
  });
});
