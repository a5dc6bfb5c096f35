/**
 * Cache refresh for configuration readers (see docs/config.md, ADR-0004): a KV
 * watch on the config bucket that reports which company and kind of record
 * changed, so a service that caches config answers (accounts, report
 * selections, layouts…) can drop exactly that company's entries. A KV watch is
 * an ordered JetStream consumer: it resumes after a reconnect or a nats-server
 * restart, so no change is missed the way a plain subscription could miss one.
 * @module
 */
import { KvWatchInclude } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { openBucket } from './nats/connect';

/** One change to a company's configuration (never a value: readers ask the config service). */
export interface ConfigChange {
  company: string;
  /** The record kind: `account`, `scenario`, `layout`, `report-selection`, `company`… */
  kind: string;
  /** The full KV key. */
  key: string;
  operation: 'PUT' | 'DEL' | 'PURGE';
  revision: number;
}

/** A running watch. */
export interface ConfigWatch {
  /** Resolves when the watch has stopped. */
  stop(): Promise<void>;
}

/**
 * Calls `onChange` for every change to the config bucket from now on (optionally
 * of one company only). Errors thrown by `onChange` are passed to `onError`.
 * @example
 * const watch = await watchConfigChanges(nc, (c) => cache.invalidate(c.company));
 * // on shutdown:
 * await watch.stop();
 */
export async function watchConfigChanges(
  nc: NatsConnection,
  onChange: (change: ConfigChange) => void,
  opts: { company?: string; onError?: (err: unknown) => void } = {},
): Promise<ConfigWatch> {
  const kv = await openBucket(nc, 'config');
  const iter = await kv.watch({
    key: opts.company ? `${opts.company}.>` : '>',
    include: KvWatchInclude.UpdatesOnly,
  });
  const done = (async () => {
    for await (const entry of iter) {
      const [company, kind] = entry.key.split('.');
      if (!company || !kind) {
        continue;
      }
      try {
        onChange({
          company,
          kind,
          key: entry.key,
          operation: entry.operation,
          revision: entry.revision,
        });
      } catch (err) {
        opts.onError?.(err);
      }
    }
  })();
  return {
    async stop() {
      iter.stop();
      await done;
    },
  };
}
