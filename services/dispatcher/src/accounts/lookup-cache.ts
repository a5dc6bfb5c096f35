/**
 * The dispatcher's cache for look-ups (config answers, layout bytes): values
 * live for a TTL (config can change) or until evicted (content addressed by
 * hash), concurrent misses share one load, failures are not kept, the number
 * of entries is bounded (least recently used go first, `lru-cache`), and a
 * company's entries can be dropped at once when its config changes.
 * @module
 */
import { LRUCache } from 'lru-cache';

/** Options of {@link LookupCache}. */
export interface LookupCacheOptions {
  /** Time to live in ms; 0 shares only concurrent look-ups; Infinity keeps until evicted. */
  ttlMs: number;
  /** Entries kept at most; the least recently used go first. */
  maxEntries: number;
}

/** See the module comment. */
export class LookupCache<V> {
  readonly #entries: LRUCache<string, { value: Promise<V> }>;

  constructor(opts: LookupCacheOptions) {
    const forever = opts.ttlMs === Number.POSITIVE_INFINITY;
    this.#entries = new LRUCache({
      max: opts.maxEntries,
      // 0 still shares the look-ups under way: such an entry lives one millisecond.
      ttl: forever ? 0 : Math.max(1, opts.ttlMs),
      ttlResolution: 0,
      // Date.now, so a test's fake clock moves the TTL too.
      perf: { now: () => Date.now() },
    });
  }

  /** Returns the cached value or loads it. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit) {
      return hit.value;
    }
    const entry = { value: load() };
    this.#entries.set(key, entry);
    entry.value.catch(() => {
      if (this.#entries.peek(key) === entry) {
        this.#entries.delete(key);
      }
    });
    return entry.value;
  }

  /** Drops every key starting with `prefix` (all when omitted). */
  invalidate(prefix = ''): void {
    for (const key of [...this.#entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
      }
    }
  }

  /** Number of entries (expired ones included until evicted). */
  get size(): number {
    return this.#entries.size;
  }
}
