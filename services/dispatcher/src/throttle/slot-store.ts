/**
 * The shared throttle state in KV (`verzend_ratelimit`, one key per account),
 * written only by compare-and-set with group commit: while one write for a key
 * is in flight, further changes from this replica queue up and go out together
 * in the next single compare-and-set (each applied in order to the same state).
 * Local lanes never race each other, and under load one KV write serves many
 * sends. Races with other replicas re-read and re-apply the whole batch.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { isCasConflict, listKeys } from '@verzend/shared';
import { emptyState, type SlotState } from './slot-state';

/** A change of one key's state: the new state (null = unchanged) and a result for the caller. */
export type SlotChange<R> = (state: SlotState) => { state: SlotState | null; result: R };

/** One queued change, committed with others in one write. */
interface PendingOp {
  change: SlotChange<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Reads and changes per-account throttle state. */
export class SlotStore {
  readonly #kv: KV;
  /** Last known value + revision per key: saves the read before most writes. */
  readonly #cache = new Map<string, { state: SlotState; revision: number }>();
  readonly #pending = new Map<string, PendingOp[]>();
  readonly #writing = new Set<string>();

  constructor(kv: KV) {
    this.#kv = kv;
  }

  /** The current state of a key (empty when missing). */
  async read(key: string): Promise<{ state: SlotState; revision: number }> {
    const entry = await this.#kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      return { state: emptyState(), revision: 0 };
    }
    return { state: entry.json<SlotState>(), revision: entry.revision };
  }

  /** Every key in the bucket (start-up sweep of a restarted replica's own leases). */
  keys(): Promise<string[]> {
    return listKeys(this.#kv);
  }

  /** The last state of a key this replica read or wrote, without asking NATS (undefined: none). */
  peek(key: string): SlotState | undefined {
    return this.#cache.get(key)?.state;
  }

  /** Forgets the cached value of a key (it may be stale after a sleep). */
  forget(key: string): void {
    this.#cache.delete(key);
  }

  /** Applies `change` to the key's state in the next group commit; resolves with its result. */
  update<R>(key: string, change: SlotChange<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const batch = this.#pending.get(key) ?? [];
      batch.push({
        change: change as SlotChange<unknown>,
        resolve: resolve as PendingOp['resolve'],
        reject,
      });
      this.#pending.set(key, batch);
      if (!this.#writing.has(key)) {
        void this.#drain(key);
      }
    });
  }

  async #drain(key: string): Promise<void> {
    this.#writing.add(key);
    try {
      for (;;) {
        const ops = this.#pending.get(key) ?? [];
        this.#pending.delete(key);
        if (ops.length === 0) {
          return;
        }
        try {
          await this.#commit(key, ops);
        } catch (err) {
          for (const op of ops) {
            op.reject(err);
          }
        }
      }
    } finally {
      this.#writing.delete(key);
    }
  }

  async #commit(key: string, ops: PendingOp[]): Promise<void> {
    let current = this.#cache.get(key);
    if (!current) {
      current = await this.read(key);
      this.#cache.set(key, current);
    }
    for (let tries = 0; ; tries++) {
      let state = current.state;
      let changed = false;
      const results: unknown[] = [];
      for (const op of ops) {
        const out = op.change(state);
        results.push(out.result);
        if (out.state !== null) {
          state = out.state;
          changed = true;
        }
      }
      try {
        if (changed) {
          const data = JSON.stringify(state);
          const revision =
            current.revision === 0
              ? await this.#kv.create(key, data)
              : await this.#kv.update(key, data, current.revision);
          this.#cache.set(key, { state, revision });
        }
        ops.forEach((op, i) => {
          op.resolve(results[i]);
        });
        return;
      } catch (err) {
        if (!isCasConflict(err) || tries > 200) {
          this.#cache.delete(key);
          throw err;
        }
        current = await this.read(key);
        this.#cache.set(key, current);
      }
    }
  }
}
