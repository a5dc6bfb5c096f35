/**
 * In-memory access-token cache with refresh before expiry and single flight:
 * concurrent sends through one mailbox share one token request.
 * @module
 */

import type { TokenOrigin } from '../contract';

export type { TokenOrigin } from '../contract';

/** A cached token. */
export interface CachedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds when it was obtained (default: when it was cached). */
  issuedAt?: number;
  /** How the fetch obtained it (default `new`). */
  origin?: TokenOrigin;
  /** Who the token was issued to, when known (a delegated token's signed-in mailbox). */
  subject?: string | undefined;
}

/** A token and where it came from. */
export interface TokenWithOrigin {
  accessToken: string;
  origin: TokenOrigin;
  subject?: string | undefined;
}

/** Share of a token's lifetime left when it is refreshed (and at most the skew). */
export const REFRESH_FRACTION = 0.25;

/**
 * True when a token should be refreshed: less than {@link REFRESH_FRACTION} of
 * its lifetime is left, capped at `skewMs` (5 min) for long-lived tokens — so
 * a token that lives 2 minutes is reused for 90 s instead of fetched per request.
 */
export function refreshDue(
  token: { expiresAt: number; issuedAt?: number | undefined },
  now: number,
  skewMs = 5 * 60_000,
): boolean {
  const lifetime = token.issuedAt !== undefined ? token.expiresAt - token.issuedAt : undefined;
  const margin =
    lifetime !== undefined && lifetime > 0 ? Math.min(skewMs, lifetime * REFRESH_FRACTION) : skewMs;
  return token.expiresAt - margin <= now;
}

/** Options for {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Tokens are refreshed when a quarter of their lifetime is left, at most this many ms before expiry (default 5 min). */
  refreshSkewMs?: number;
  /** Upper bound of cached entries (oldest dropped first). */
  maxEntries?: number;
  now?: () => number;
}

/** Caches tokens by key; `get` fetches a new one when missing or about to expire. */
export class TokenCache {
  readonly #entries = new Map<string, CachedToken>();
  readonly #inflight = new Map<string, Promise<CachedToken>>();
  readonly #skew: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(opts: TokenCacheOptions = {}) {
    this.#skew = opts.refreshSkewMs ?? 5 * 60_000;
    this.#max = opts.maxEntries ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  /** Returns a valid token for `key`, calling `fetchToken` at most once at a time per key. */
  async get(key: string, fetchToken: () => Promise<CachedToken>): Promise<string> {
    return (await this.getWithOrigin(key, fetchToken)).accessToken;
  }

  /** Like {@link get}, and says whether the token was cached or how it was obtained. */
  async getWithOrigin(
    key: string,
    fetchToken: () => Promise<CachedToken>,
  ): Promise<TokenWithOrigin> {
    const cached = this.#entries.get(key);
    if (cached && !refreshDue(cached, this.#now(), this.#skew)) {
      return { accessToken: cached.accessToken, origin: 'cached', subject: cached.subject };
    }
    let pending = this.#inflight.get(key);
    if (!pending) {
      const started = this.#now();
      pending = fetchToken()
        .then((t) => ({ ...t, issuedAt: t.issuedAt ?? started }))
        .finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    const token = await pending;
    this.#entries.delete(key);
    this.#entries.set(key, token);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) {
        this.#entries.delete(oldest);
      }
    }
    return {
      accessToken: token.accessToken,
      origin: token.origin ?? 'new',
      subject: token.subject,
    };
  }

  /** Drops a token the provider refused (401), so the next `get` fetches a fresh one. */
  invalidate(key: string, accessToken?: string): void {
    const cached = this.#entries.get(key);
    if (cached && (accessToken === undefined || cached.accessToken === accessToken)) {
      this.#entries.delete(key);
    }
  }

  /** Drops every token whose key starts with `prefix` (an account changed or was deleted). */
  invalidatePrefix(prefix: string): void {
    for (const key of [...this.#entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
      }
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
