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
