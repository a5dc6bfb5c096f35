import { describe, expect, it } from 'vitest';
import { principalFromClaims, signToken } from './auth';
import { UnauthorizedError } from './errors';
import { cachingVerifier } from './token-cache';

describe('token cache', () => {
  it('verifies a token once, and never caches a failure', async () => {
    let calls = 0;
    const good = await signToken('s'.repeat(32), { sub: 'u', company: 'c' });
    const verify = cachingVerifier(async (token) => {
      calls++;
      if (token !== good) {
        throw new UnauthorizedError();
      }
      return principalFromClaims({
        sub: 'u',
        company: 'c',
        perms: [],
        licence: 'full',
        records: [],
      });
    });
    await verify(good);
    await verify(good);
    expect(calls).toBe(1);
    await expect(verify('bad')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verify('bad')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(calls).toBe(3);
  });

  it('does not trust a token past its expiry', async () => {
    let calls = 0;
    const shortLived = await signToken('s'.repeat(32), { sub: 'u', company: 'c' }, '1s');
    const verify = cachingVerifier(async () => {
      calls++;
      return principalFromClaims({
        sub: 'u',
        company: 'c',
        perms: [],
        licence: 'full',
        records: [],
      });
    }, 60_000);
    await verify(shortLived);
    await new Promise((r) => setTimeout(r, 1_100));
    await verify(shortLived);
    expect(calls).toBe(2);
  });
});
