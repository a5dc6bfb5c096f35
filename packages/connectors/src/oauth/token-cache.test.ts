import { describe, expect, it } from 'vitest';
import { REFRESH_FRACTION, refreshDue, TokenCache } from './token-cache';

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

  it('refreshes at a quarter of the lifetime left, at most the skew before expiry', () => {
    expect(REFRESH_FRACTION).toBe(0.25);
    const hour = { issuedAt: 0, expiresAt: 3_600_000 };
    expect(refreshDue(hour, 3_600_000 - 300_001)).toBe(false);
    expect(refreshDue(hour, 3_600_000 - 300_000)).toBe(true);
    const twoMinutes = { issuedAt: 0, expiresAt: 120_000 };
    // Not "always due" as with a fixed 5-minute skew: used for 90 s.
    expect(refreshDue(twoMinutes, 0)).toBe(false);
    expect(refreshDue(twoMinutes, 89_999)).toBe(false);
    expect(refreshDue(twoMinutes, 90_000)).toBe(true);
    // Unknown issue time: the skew alone.
    expect(refreshDue({ expiresAt: 120_000 }, 0)).toBe(true);
  });

  it('says where a token came from and whom it was issued to', async () => {
    const cache = new TokenCache();
    const fetchToken = async () => ({
      accessToken: 't',
      expiresAt: Date.now() + 3_600_000,
      origin: 'refreshed' as const,
      subject: 'anna@contoso.example',
    });
    expect(await cache.getWithOrigin('k', fetchToken)).toEqual({
      accessToken: 't',
      origin: 'refreshed',
      subject: 'anna@contoso.example',
    });
    expect(await cache.getWithOrigin('k', fetchToken)).toMatchObject({
      origin: 'cached',
      subject: 'anna@contoso.example',
    });
  });
});
