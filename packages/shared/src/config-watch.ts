/**
 * Cache refresh for configuration readers (see docs/config.md, ADR-0004): a KV
 * watch on the config bucket that reports which company and kind of record
 * changed, so a service that caches config answers (accounts, report
 * selections, layouts…) can drop exactly that company's entries. When the
 * watch breaks (a nats-server restart loses its ephemeral consumer) it is made
 * again from the last revision seen, so no change is missed.
 * @module
 */
import { Kvm, KvWatchInclude } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/nats-core';
import { Buckets } from './subjects';

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

/** Options of {@link watchConfigChanges}. */
export interface ConfigWatchOptions {
  /** Only this company's changes. */
  company?: string;
  /** Errors of `onChange` and of (re-)creating the watch; the watch keeps going. */
  onError?: (err: unknown) => void;
}

/**
 * Calls `onChange` for every change to the config bucket from now on.
 * @example
 * const watch = await watchConfigChanges(nc, (c) => cache.invalidate(c.company));
 * // on shutdown:
 * await watch.stop();
 */
export async function watchConfigChanges(
  nc: NatsConnection,
  onChange: (change: ConfigChange) => void,
  opts: ConfigWatchOptions = {},
): Promise<ConfigWatch> {
  const key = opts.company ? `${opts.company}.>` : '>';
  let stopped = false;
  let lastRevision = 0;
  let current: QueuedIterator<unknown> | undefined;
  let wake: (() => void) | undefined;

  const open = async () => {
    // The config service owns the bucket; a watcher only opens it.
    const kv = await new Kvm(nc).open(Buckets.config);
    return kv.watch(
      lastRevision > 0
        ? { key, resumeFromRevision: lastRevision + 1 }
        : { key, include: KvWatchInclude.UpdatesOnly },
    );
  };
  const consume = async (iter: Awaited<ReturnType<typeof open>>) => {
    for await (const entry of iter) {
      lastRevision = entry.revision;
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
  };

  // The first watch is made before returning, so changes after this call are seen.
  let first: Awaited<ReturnType<typeof open>> | undefined = await open();
  // A server restart drops the watch's consumer: on reconnect, make it again from the last revision.
  const statuses = nc.status();
  const statusLoop = (async () => {
    for await (const s of statuses) {
      if (s.type === 'reconnect') {
        current?.stop();
      }
    }
  })();
  const loop = (async () => {
    while (!stopped) {
      try {
        const iter = first ?? (await open());
        first = undefined;
        current = iter;
        await consume(iter);
      } catch (err) {
        if (!stopped) {
          opts.onError?.(err);
        }
      }
      if (!stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 250);
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      current?.stop();
      wake?.();
      // The status iterator is a queued iterator that can be stopped, though typed as AsyncIterable.
      (statuses as { stop?: () => void }).stop?.();
      await Promise.all([loop, statusLoop]);
    },
  };
}
