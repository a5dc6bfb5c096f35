/**
 * Remembers verified bearer tokens for a short while, so a client sending
 * thousands of emails with one token pays the signature check once a minute,
 * not once per request. A token is never trusted past its own expiry.
 * @module
 */
import type { Principal, TokenVerifier } from './auth';

/** The `exp` claim (seconds) of an already verified compact JWT. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

/** Wraps a verifier with a small bounded cache (by token string). */
export function cachingVerifier(verify: TokenVerifier, ttlMs = 60_000, max = 1_000): TokenVerifier {
  const cache = new Map<string, { principal: Principal; until: number }>();
  return async (token) => {
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && hit.until > now) {
      return hit.principal;
    }
    cache.delete(token);
    const principal = await verify(token);
    const exp = expiryOf(token);
    const until = Math.min(now + ttlMs, typeof exp === 'number' ? exp * 1000 : now + ttlMs);
    if (cache.size >= max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) {
        cache.delete(oldest);
      }
    }
    cache.set(token, { principal, until });
    return principal;
  };
}
