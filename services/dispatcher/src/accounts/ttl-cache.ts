/**
 * A tiny time-bounded cache that also shares in-flight look-ups, so a burst of
 * emails for one account costs one config request, not one per email.
 * @module
 */

/** Caches values per key for `ttlMs` (0 = no caching, but concurrent look-ups are still shared). */
export class TtlCache<V> {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** Returns the cached value or loads it; a failed load is not cached. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) {
      return hit.value;
    }
    const value = load();
    this.#entries.set(key, { value, expires: now + Math.max(this.#ttlMs, 1) });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) {
        this.#entries.delete(key);
      }
    });
    return value;
  }

  /** Drops every key starting with `prefix` (all when omitted). */
  invalidate(prefix = ''): void {
    for (const key of this.#entries.keys()) {
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
      }
    }
  }
}
