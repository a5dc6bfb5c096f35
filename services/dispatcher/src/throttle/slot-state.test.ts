import { describe, expect, it } from 'vitest';
import { decide, emptyState, finish, type SlotLimits, type SlotState } from './slot-state';

const W = 60_000;
const req = (leaseId: string, recipients = 1) => ({
  leaseId,
  holder: 'h',
  recipients,
  leaseMs: 10_000,
});
const limits = (over: Partial<SlotLimits> = {}): SlotLimits => ({
  ratePerWindow: 3,
  concurrency: 10,
  dailyRecipientQuota: 0,
  ...over,
});

function grant(state: SlotState, id: string, now: number, l = limits(), recipients = 1): SlotState {
  const d = decide(state, req(id, recipients), l, now, W);
  if (!d.granted) {
    throw new Error(`expected a grant, got ${d.reason}`);
  }
  return d.state;
}

describe('throttle decision', () => {
  it('grants up to the rate limit per window, then says when the oldest send leaves it', () => {
    let s = emptyState();
    s = grant(s, 'a', 0);
    s = finish(s, 'a', true, limits(), 100, W);
    s = grant(s, 'b', 200);
    s = grant(s, 'c', 300);
    const d = decide(s, req('d'), limits(), 400, W);
    expect(d).toMatchObject({ granted: false, reason: 'rate' });
    // 'a' completed at 100, so its slot frees at 100 + window.
    expect(d.granted === false && d.retryAt).toBe(100 + W);
    expect(decide(s, req('d'), limits(), 100 + W - 1, W).granted).toBe(false);
  });

  it('counts a slow send from its completion, so two windows never overlap above the limit', () => {
    let s = emptyState();
    s = grant(s, 'slow', 0);
    // The slow send completes at 50 s: it counts until 110 s, not until 60 s.
    s = finish(s, 'slow', true, limits({ ratePerWindow: 1 }), 50_000, W);
    expect(decide(s, req('x'), limits({ ratePerWindow: 1 }), 61_000, W).granted).toBe(false);
    expect(decide(s, req('x'), limits({ ratePerWindow: 1 }), 110_000, W).granted).toBe(true);
  });

  it('a send that never reached the provider gives its slot back', () => {
    let s = grant(emptyState(), 'a', 0, limits({ ratePerWindow: 1 }));
    s = finish(s, 'a', false, limits({ ratePerWindow: 1 }), 10, W);
    expect(decide(s, req('b'), limits({ ratePerWindow: 1 }), 20, W).granted).toBe(true);
  });

  it('enforces concurrency exactly (never limit + 1) and polls until a lease ends', () => {
    const l = limits({ ratePerWindow: 0, concurrency: 2 });
    let s = grant(emptyState(), 'a', 0, l);
    s = grant(s, 'b', 0, l);
    const d = decide(s, req('c'), l, 1, W);
    expect(d).toMatchObject({ granted: false, reason: 'concurrency' });
    s = finish(s, 'a', true, l, 5, W);
    expect(decide(s, req('c'), l, 6, W).granted).toBe(true);
    // Unlimited rate keeps no window log.
    expect(s.done).toEqual([]);
  });

  it('an expired lease (crashed holder) frees its concurrency slot but still counts against the window', () => {
    const l = limits({ ratePerWindow: 1, concurrency: 1 });
    const s = grant(emptyState(), 'dead', 0, l);
    const later = decide(s, req('next'), l, 10_001, W);
    expect(later).toMatchObject({ granted: false, reason: 'rate' });
    expect(later.granted === false && later.retryAt).toBe(10_000 + W);
    expect(decide(s, req('next'), l, 10_000 + W, W).granted).toBe(true);
  });

  it('daily recipient quota: refuses a send that would pass it, frees it a day later', () => {
    const l = limits({ ratePerWindow: 0, dailyRecipientQuota: 10 });
    let s = grant(emptyState(), 'a', 0, l, 6);
    s = finish(s, 'a', true, l, 1, W);
    const d = decide(s, req('b', 5), l, 1_000, W);
    expect(d).toMatchObject({ granted: false, reason: 'quota' });
    expect(decide(s, req('b', 4), l, 1_000, W).granted).toBe(true);
    const dayLater = 24 * 60 * 60 * 1000 + 60_000;
    expect(decide(s, req('b', 10), l, dayLater, W).granted).toBe(true);
    // An uncounted send returns its recipients.
    let t = grant(emptyState(), 'x', 0, l, 10);
    t = finish(t, 'x', false, l, 5, W);
    expect(decide(t, req('y', 10), l, 6, W).granted).toBe(true);
  });
});

describe('throttle decision - a lease that lapsed while its send went on', () => {
  it('counts the send again when it finishes, so the window never holds more than the limit', () => {
    const l = limits({ ratePerWindow: 1, concurrency: 2 });
    // Granted at 0, its holder cut off from NATS: the lease lapses at 10 s and counts from then…
    let s = grant(emptyState(), 'a', 0, l);
    // …but the send really ended at 65 s: finishing it counts it from then, not from 10 s.
    s = finish(s, 'a', true, l, 65_000, W);
    const d = decide(s, req('c'), l, 70_001, W);
    expect(d).toMatchObject({ granted: false, reason: 'rate', retryAt: 65_000 + W });
  });
});
