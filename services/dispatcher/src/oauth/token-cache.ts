/**
 * In-memory access-token cache with refresh before expiry and single flight:
 * concurrent sends through one mailbox share one token request.
 * @module
 */

/** A cached token. */
export interface CachedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Options for {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Tokens expiring within this many ms are refreshed before use (default 5 min). */
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
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt - this.#skew > this.#now()) {
      return cached.accessToken;
    }
    let pending = this.#inflight.get(key);
    if (!pending) {
      pending = fetchToken().finally(() => this.#inflight.delete(key));
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
    return token.accessToken;
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
