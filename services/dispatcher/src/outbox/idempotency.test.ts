import type { KV } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { IdempotencyStore, type KeyedRun } from './idempotency';

/** The KV calls the store makes, in memory, with compare-and-set. */
function memoryKv() {
  const items = new Map<string, { value: string; revision: number }>();
  let revision = 0;
  const kv = {
    async create(key: string, value: string) {
      if (items.has(key)) {
        throw new Error('wrong last sequence: 1');
      }
      items.set(key, { value, revision: ++revision });
      return revision;
    },
    async update(key: string, value: string, previous: number) {
      if (items.get(key)?.revision !== previous) {
        throw new Error(`wrong last sequence: ${items.get(key)?.revision ?? 0}`);
      }
      items.set(key, { value, revision: ++revision });
      return revision;
    },
    async get(key: string) {
      const item = items.get(key);
      return item
        ? { revision: item.revision, length: item.value.length, json: () => JSON.parse(item.value) }
        : null;
    },
    async purge(key: string) {
      items.delete(key);
    },
  };
  return { kv: kv as unknown as KV, items };
}

describe('IdempotencyStore', () => {
  it('frees a fresh key whose run failed (nothing was accepted), so the next try is a first try', async () => {
    const { kv, items } = memoryKv();
    const store = new IdempotencyStore(kv);
    const runs: KeyedRun[] = [];
    await expect(
      store.run('cronus', 'u1', 'order-1', 'h', async (k) => {
        runs.push(k);
        throw new Error('account not found');
      }),
    ).rejects.toThrow('account not found');
    expect(items.size).toBe(0);
    const second = await store.run('cronus', 'u1', 'order-1', 'h', async (k) => {
      runs.push(k);
      return { status: 202, body: { id: k.emailId } };
    });
    expect(second.replayed).toBe(false);
    expect(runs.map((r) => r.retry)).toEqual([false, false]);
  });

  it('a reserved key whose done-write never happened is run again with the same id, marked retry', async () => {
    const { kv, items } = memoryKv();
    const store = new IdempotencyStore(kv);
    const first = await store.run('cronus', 'u1', 'order-1', 'h', async (k) => ({
      status: 202,
      body: { id: k.emailId },
    }));
    // Stand-in for a crash between accepting and writing "done": set the entry back to pending.
    const key = IdempotencyStore.key('cronus', 'u1', 'order-1');
    const entry = JSON.parse(items.get(key)?.value ?? '{}');
    items.set(key, {
      value: JSON.stringify({ ...entry, state: 'pending', response: undefined }),
      revision: 99,
    });
    const seen: KeyedRun[] = [];
    const retried = await store.run('cronus', 'u1', 'order-1', 'h', async (k) => {
      seen.push(k);
      return { status: 202, body: { id: k.emailId } };
    });
    expect(seen).toEqual([{ emailId: (first.body as { id: string }).id, retry: true }]);
    expect(retried.replayed).toBe(true);
    // Done now: a further retry replays without running.
    const third = await store.run('cronus', 'u1', 'order-1', 'h', async () => {
      throw new Error('must not run');
    });
    expect(third.body).toEqual(first.body);
  });

  it('ids differ per user and key; another payload under a key is IDEMPOTENCY_CONFLICT', async () => {
    const { kv } = memoryKv();
    const store = new IdempotencyStore(kv);
    const ids: string[] = [];
    for (const [user, key] of [
      ['u1', 'a'],
      ['u2', 'a'],
      ['u1', 'b'],
    ]) {
      await store.run('cronus', user as string, key as string, 'h', async (k) => {
        ids.push(k.emailId);
        return { status: 202, body: {} };
      });
    }
    expect(new Set(ids.map((i) => i.slice(9))).size).toBe(3);
    await expect(
      store.run('cronus', 'u1', 'a', 'other', async () => ({ status: 202, body: {} })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });
});
