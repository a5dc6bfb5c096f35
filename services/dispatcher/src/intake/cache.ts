/**
 * A small cache for the intake's look-ups: values live for a TTL (config can
 * change) or forever (content addressed by hash), concurrent misses share one
 * load, failures are not kept, and the number of entries is bounded so a
 * company with 100,000 customers cannot grow it without limit.
 * @module
 */

/** Options of {@link LookupCache}. */
export interface LookupCacheOptions {
  /** Time to live in ms; 0 shares only concurrent look-ups; Infinity keeps until evicted. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
}

/** See the module comment. */
export class LookupCache<V> {
  readonly #opts: LookupCacheOptions;
  readonly #entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(opts: LookupCacheOptions) {
    this.#opts = opts;
  }

  /** Returns the cached value or loads it. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) {
      return hit.value;
    }
    this.#entries.delete(key);
    const value = load();
    if (this.#entries.size >= this.#opts.maxEntries) {
      this.#evict(now);
    }
    this.#entries.set(key, { value, expires: now + Math.max(this.#opts.ttlMs, 1) });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) {
        this.#entries.delete(key);
      }
    });
    return value;
  }

  /** Number of entries (expired ones included until evicted). */
  get size(): number {
    return this.#entries.size;
  }

  #evict(now: number): void {
    for (const [k, e] of this.#entries) {
      if (e.expires <= now) {
        this.#entries.delete(k);
      }
    }
    // Still full: drop the oldest (a Map iterates in insertion order).
    for (const k of this.#entries.keys()) {
      if (this.#entries.size < this.#opts.maxEntries) {
        break;
      }
      this.#entries.delete(k);
    }
  }
}
