import type { KV } from '@nats-io/kv';
import { describe, expect, it, vi } from 'vitest';
import { MemoryKv } from './fake-kv';
import { Limiter } from './limiter';
import { decide, emptyState, renewLeases, type SlotLimits, type SlotState } from './slot-state';

const KEY = Limiter.key('cronus', 'acct1');
const one: SlotLimits = { ratePerWindow: 0, concurrency: 1, dailyRecipientQuota: 0 };
const rated: SlotLimits = { ratePerWindow: 10, concurrency: 1, dailyRecipientQuota: 0 };
const wide: SlotLimits = { ratePerWindow: 10, concurrency: 10, dailyRecipientQuota: 0 };
const never = new AbortController().signal;

function limiter(kv: MemoryKv, holder: string, leaseMs = 300) {
  return new Limiter(kv as unknown as KV, {
    windowMs: 60_000,
    leaseMs,
    keepMs: leaseMs / 2,
    renewMs: leaseMs / 3,
    parkMs: 20,
    holder,
  });
}

async function slot(l: Limiter, limits: SlotLimits = one) {
  const got = await l.acquire('cronus', 'acct1', limits, 1, never);
  if (!got || got === 'hand-over') {
    throw new Error(`no slot: ${String(got)}`);
  }
  return got.slot;
}

function stateOf(kv: MemoryKv): SlotState {
  return JSON.parse(kv.entries.get(KEY)?.data ?? '{"done":[],"leases":[],"daily":[]}');
}

describe('renewLeases', () => {
  const base = (): SlotState => {
    let s = emptyState();
    for (const [id, holder] of [
      ['mine', 'a'],
      ['orphan', 'a'],
      ['pending', 'a'],
      ['theirs', 'b'],
    ] as const) {
      const d = decide(s, { leaseId: id, holder, recipients: 1, leaseMs: 1_000 }, wide, 0, 60_000);
      if (!d.granted) {
        throw new Error('setup');
      }
      s = d.state;
    }
    return s;
  };

  it('extends held leases, keeps grants in flight and other holders’ leases, ends orphans as sends', () => {
    const out = renewLeases(base(), 'a', new Map([['mine', 5_000]]), new Set(['pending']), 500);
    expect(out.state?.leases.map((l) => [l[0], l[2]])).toEqual([
      ['mine', 5_000],
      ['pending', 1_000],
      ['theirs', 1_000],
    ]);
    // The orphan may have reached the provider: it counts against the window from now.
    expect(out.state?.done).toEqual([500]);
    expect(out.lost).toEqual([]);
  });

  it('reports held leases that are gone and writes nothing when nothing changes', () => {
    const s = renewLeases(base(), 'a', new Map(), new Set(['mine', 'orphan', 'pending']), 0);
    expect(s.state).toBeNull();
    const gone = renewLeases(base(), 'c', new Map([['x', 9]]), new Set(), 0);
    expect(gone.lost).toEqual(['x']);
    expect(gone.state).toBeNull();
  });
});

describe('Limiter - lease renewal and recovery', () => {
  it('renews a held lease for as long as its send lasts', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv, 'a');
    const s = await slot(l);
    const first = s.expiresAt;
    await new Promise((r) => setTimeout(r, 1_000)); // more than twice the lease life
    expect(stateOf(kv).leases).toHaveLength(1);
    expect(s.expiresAt).toBeGreaterThan(first + 500);
    // Another replica still finds the place taken.
    const other = limiter(kv, 'b');
    expect('reason' in (await other.tryAcquire('cronus', 'acct1', one, 1))).toBe(true);
    await l.release(s, true);
    await l.close();
    await other.close();
  });

  it('a crashed holder’s place frees within one lease life', async () => {
    const kv = new MemoryKv();
    const crashed = limiter(kv, 'a');
    await slot(crashed);
    // A crash: the process stops renewing, nothing is released.
    await crashed.close();
    kv.entries.set(KEY, { data: JSON.stringify(stateOf(kv)), revision: 999 });
    const other = limiter(kv, 'b');
    const started = Date.now();
    const got = await slot(other);
    // Freed by the lease running out (300 ms), not by a later clean-up: a wide bound, since
    // a loaded machine delays timers, yet far below the minutes an unrenewed place used to hold.
    expect(Date.now() - started).toBeLessThan(5_000);
    await other.release(got, true);
    await other.close();
  });

  it('retries a release that failed until it goes through', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv, 'a');
    const s = await slot(l, rated);
    kv.down = 'refuse';
    await l.release(s, true); // does not throw
    expect(l.unreleased).toBe(1);
    expect(stateOf(kv).leases).toHaveLength(1);
    kv.down = false;
    await vi.waitFor(() => expect(stateOf(kv).leases).toHaveLength(0), { timeout: 1_000 });
    expect(l.unreleased).toBe(0);
    expect(stateOf(kv).done).toHaveLength(1);
    await l.close();
  });

  it('gives back a grant whose write landed but whose reply was lost', async () => {
    const kv = new MemoryKv();
    const l = limiter(kv, 'a');
    kv.down = 'landing';
    await expect(l.tryAcquire('cronus', 'acct1', rated, 1)).rejects.toThrow('TIMEOUT');
    expect(stateOf(kv).leases).toHaveLength(1);
    kv.down = false;
    await vi.waitFor(() => expect(stateOf(kv).leases).toHaveLength(0), { timeout: 1_000 });
    // Never sent: it does not count against the window.
    expect(stateOf(kv).done).toHaveLength(0);
    await l.close();
  });

  it('a replica restarted under the same name ends the leases its previous run held', async () => {
    const kv = new MemoryKv();
    const before = limiter(kv, 'a', 60_000);
    await slot(before);
    await before.close(); // stands for kill -9: the lease is still there, with a long life
    kv.entries.set(KEY, { data: JSON.stringify(stateOf(kv)), revision: 999 });
    const other = limiter(kv, 'b', 60_000);
    expect('reason' in (await other.tryAcquire('cronus', 'acct1', one, 1))).toBe(true);
    const after = limiter(kv, 'a', 60_000);
    expect(await after.adoptOrphans()).toBe(1);
    const got = await slot(other);
    await other.release(got, true);
    await Promise.all([after.close(), other.close()]);
  });
});
