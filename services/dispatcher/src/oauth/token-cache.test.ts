import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache';

describe('TokenCache', () => {
  it('fetches once for concurrent callers and refreshes inside the skew window', async () => {
    let now = 1_000_000;
    const cache = new TokenCache({ refreshSkewMs: 60_000, now: () => now });
    let calls = 0;
    const fetchToken = async () => {
      calls++;
      return { accessToken: `t${calls}`, expiresAt: now + 3_600_000 };
    };
    const [a, b] = await Promise.all([cache.get('k', fetchToken), cache.get('k', fetchToken)]);
    expect([a, b, calls]).toEqual(['t1', 't1', 1]);
    now += 3_600_000 - 59_000;
    expect(await cache.get('k', fetchToken)).toBe('t2');
  });

  it('invalidates only the refused token', async () => {
    const cache = new TokenCache();
    let n = 0;
    const fetchToken = async () => ({ accessToken: `t${++n}`, expiresAt: Date.now() + 3_600_000 });
    await cache.get('k', fetchToken);
    cache.invalidate('k', 'other');
    expect(await cache.get('k', fetchToken)).toBe('t1');
    cache.invalidate('k', 't1');
    expect(await cache.get('k', fetchToken)).toBe('t2');
  });

  it('does not cache a failed fetch', async () => {
    const cache = new TokenCache();
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(
      await cache.get('k', async () => ({ accessToken: 'ok', expiresAt: Date.now() + 3_600_000 })),
    ).toBe('ok');
  });
});
