import { afterEach, describe, expect, it, vi } from 'vitest';
import { LookupCache } from './lookup-cache';

afterEach(() => {
  vi.useRealTimers();
});

describe('LookupCache', () => {
  it('shares concurrent loads and keeps the value for the TTL', async () => {
    vi.useFakeTimers();
    const cache = new LookupCache<number>({ ttlMs: 1000, maxEntries: 10 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    vi.advanceTimersByTime(999);
    expect(await cache.get('a', load)).toBe(1);
    vi.advanceTimersByTime(2);
    expect(await cache.get('a', load)).toBe(2);
  });

  it('does not keep failures', async () => {
    const cache = new LookupCache<number>({ ttlMs: 60_000, maxEntries: 10 });
    await expect(cache.get('a', async () => Promise.reject(new Error('down')))).rejects.toThrow();
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  it('never holds more than its bound, dropping expired then oldest entries', async () => {
    vi.useFakeTimers();
    const cache = new LookupCache<string>({ ttlMs: 1000, maxEntries: 3 });
    await cache.get('old', async () => 'x');
    vi.advanceTimersByTime(2000);
    for (const k of ['a', 'b', 'c', 'd']) {
      await cache.get(k, async () => k);
    }
    expect(cache.size).toBe(3);
    let reloaded = false;
    await cache.get('a', async () => {
      reloaded = true;
      return 'a';
    });
    expect(reloaded).toBe(true);
  });
});
