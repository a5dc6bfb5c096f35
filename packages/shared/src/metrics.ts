/**
 * Prometheus metrics: one registry per service instance (tests build many
 * services in one process, so there is no global registry).
 * @module
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry };

/** Creates a registry with the process's default metrics and a `service` label. */
export function createRegistry(service: string, defaults = true): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaults) {
    collectDefaultMetrics({ register: registry, prefix: 'verzend_' });
  }
  return registry;
}

/** The label value that stands for everything past a cap. */
export const OTHER_LABEL = 'other';

/**
 * Bounds a label set that grows with tenants (companies, accounts): the first
 * `max` distinct keys keep their own series; every later key is counted under
 * {@link OTHER_LABEL}. A process restart starts admitting afresh.
 */
export class LabelCap {
  readonly #max: number;
  readonly #admitted = new Set<string>();

  constructor(max: number) {
    this.#max = Math.max(0, max);
  }

  /** True when `key` has (or now gets) its own series. */
  admit(key: string): boolean {
    if (this.#admitted.has(key)) {
      return true;
    }
    if (this.#admitted.size >= this.#max) {
      return false;
    }
    this.#admitted.add(key);
    return true;
  }

  /** How many keys have their own series. */
  get size(): number {
    return this.#admitted.size;
  }
}

/**
 * The `n` largest entries of a snapshot (by `value`; ties keep their order), and the rest
 * summed: for gauges rebuilt from a full scan (queue depth per account), so the
 * series are the current top `n` plus one `other`.
 */
export function topN<K>(
  entries: readonly { key: K; value: number }[],
  n: number,
): { top: { key: K; value: number }[]; rest: { count: number; sum: number } } {
  const sorted = [...entries].sort((a, b) => b.value - a.value);
  const top = sorted.slice(0, Math.max(0, n));
  const others = sorted.slice(top.length);
  return {
    top,
    rest: { count: others.length, sum: others.reduce((s, e) => s + e.value, 0) },
  };
}
