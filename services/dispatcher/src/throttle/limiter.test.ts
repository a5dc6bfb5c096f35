import type { KV } from '@nats-io/kv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryKv } from './fake-kv';
import { Limiter } from './limiter';
import type { SlotLimits, SlotState } from './slot-state';

const KEY = Limiter.key('cronus', 'acct1');
const concurrencyOnly: SlotLimits = { ratePerWindow: 0, concurrency: 2, dailyRecipientQuota: 0 };
const rateLimited: SlotLimits = { ratePerWindow: 10, concurrency: 2, dailyRecipientQuota: 0 };
const never = new AbortController().signal;

function limiter(kv: MemoryKv, holder = 'r1', opts: { parkMs?: number; keepMs?: number } = {}) {
  return new Limiter(kv as unknown as KV, { windowMs: 60_000, leaseMs: 5_000, holder, ...opts });
}

async function slot(l: Limiter, limits: SlotLimits) {
  const got = await l.acquire('cronus', 'acct1', limits, 1, never);
  if (!got || got === 'hand-over') {
    throw new Error(`no slot: ${String(got)}`);
  }
  return got.slot;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Limiter - kept leases of concurrency-only accounts', () => {
  it('reuses a finished send’s lease for the next send without writing', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv);
    const first = await slot(l, concurrencyOnly);
    await l.release(first, true);
    const writes = kv.writes;
    const second = await slot(l, concurrencyOnly);
    expect(second.leaseId).toBe(first.leaseId);
    await l.release(second, true);
    expect(kv.writes).toBe(writes);
    expect(kv.leases(KEY)).toBe(1);
    await l.close();
  });

  it('releases a kept lease nobody takes within the park time', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv, 'r1', { parkMs: 20 });
    await l.release(await slot(l, concurrencyOnly), true);
    expect(kv.leases(KEY)).toBe(1);
    await vi.waitFor(() => expect(kv.leases(KEY)).toBe(0), { timeout: 2_000 });
  });

  it('never lets replicas together hold more leases than the limit', async () => {
    const kv = new MemoryKv();
    const a = limiter(kv, 'a', { parkMs: 50 });
    const b = limiter(kv, 'b', { parkMs: 50 });
    let inFlight = 0;
    let worst = 0;
    const send = async (l: Limiter) => {
      const s = await slot(l, concurrencyOnly);
      inFlight++;
      worst = Math.max(worst, inFlight, kv.leases(KEY));
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      await l.release(s, true);
    };
    await Promise.all(
      Array.from({ length: 4 }, (_, lane) =>
        (async () => {
          for (let i = 0; i < 10; i++) {
            await send(lane % 2 === 0 ? a : b);
          }
        })(),
      ),
    );
    expect(worst).toBeLessThanOrEqual(concurrencyOnly.concurrency);
    await Promise.all([a.close(), b.close()]);
    expect(kv.leases(KEY)).toBe(0);
  });

  it('hands the email over when other replicas hold every place', async () => {
    const kv = new MemoryKv();
    const holder = limiter(kv, 'a');
    const waiter = limiter(kv, 'b');
    const held = [await slot(holder, concurrencyOnly), await slot(holder, concurrencyOnly)];
    const started = Date.now();
    const got = await waiter.acquire('cronus', 'acct1', concurrencyOnly, 1, never, undefined, 200);
    expect(got).toBe('hand-over');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    for (const s of held) {
      await holder.release(s, true);
    }
    await holder.close();
  });

  it('does not reuse a kept lease once the limits change', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv);
    const first = await slot(l, concurrencyOnly);
    await l.release(first, true);
    const second = await slot(l, { ...concurrencyOnly, concurrency: 1 });
    expect(second.leaseId).not.toBe(first.leaseId);
    // The old lease was given back on the way: only the new one is held.
    expect(kv.leases(KEY)).toBe(1);
    await l.release(second, true);
    await l.close();
    expect(kv.leases(KEY)).toBe(0);
  });

  it('does not reuse a lease with less than a full send’s life left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const kv = new MemoryKv();
    const l = limiter(kv, 'r1', { keepMs: 1_000, parkMs: 60_000 });
    const first = await slot(l, concurrencyOnly);
    expect(first.expiresAt - Date.now()).toBe(6_000);
    await l.release(first, true);
    vi.setSystemTime(Date.now() + 1_500);
    const second = await slot(l, concurrencyOnly);
    expect(second.leaseId).not.toBe(first.leaseId);
    expect(kv.leases(KEY)).toBe(1);
    await l.release(second, true);
    await l.close();
  });

  it('keeps nothing for rate-limited accounts: every send is counted in the shared window', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv);
    const first = await slot(l, rateLimited);
    await l.release(first, true);
    expect(kv.leases(KEY)).toBe(0);
    const second = await slot(l, rateLimited);
    expect(second.leaseId).not.toBe(first.leaseId);
    await l.release(second, true);
    const state = JSON.parse(kv.entries.get(KEY)?.data ?? '{}') as SlotState;
    expect(state.done).toHaveLength(2);
    await l.close();
  });

  it('gives kept leases back on close and keeps none afterwards', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv, 'r1', { parkMs: 60_000 });
    const a = await slot(l, concurrencyOnly);
    const b = await slot(l, concurrencyOnly);
    await l.release(a, true);
    await l.release(b, true);
    expect(kv.leases(KEY)).toBe(2);
    await l.close();
    expect(kv.leases(KEY)).toBe(0);
    await l.release(await slot(l, concurrencyOnly), true);
    expect(kv.leases(KEY)).toBe(0);
  });
});

describe('Limiter - places left for this replica', () => {
  it('is the limit less the live leases other replicas hold, as last read or written here', async () => {
    const kv = new MemoryKv();
    const a = limiter(kv, 'a');
    const b = limiter(kv, 'b');
    const limits = { ...concurrencyOnly, concurrency: 3 };
    expect(a.placesForHere('cronus', 'acct1')).toBeUndefined();
    const held = await slot(a, limits);
    // b has not asked for this account yet; once it has, it sees a's lease.
    expect(b.placesForHere('cronus', 'acct1')).toBeUndefined();
    const own = await slot(b, limits);
    expect(b.placesForHere('cronus', 'acct1')).toBe(2);
    // Its own leases do not count against it; a does not know of b's lease until it reads again.
    expect(a.placesForHere('cronus', 'acct1')).toBe(3);
    await a.close();
    await a.release(held, true);
    await slot(b, limits);
    expect(b.placesForHere('cronus', 'acct1')).toBe(3);
    await b.release(own, true);
    await b.close();
  });
});
