/**
 * The sweeper's lease: one key in the `verzend_retention` bucket, so that one
 * dispatcher replica sweeps at a time. Taking and renewing it are
 * compare-and-set writes; an expired lease (its holder died) is taken over.
 * Sweeps are idempotent besides (every delete is conditional on what was
 * judged), so two sweepers after a lease ran out only repeat work.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { isCasConflict } from '@verzend/shared';
import { mayTakeLease, type SweepLease } from './policy';

const KEY = 'sweeper';

/** A lease held by one replica. */
export class SweepLock {
  readonly #kv: KV;
  readonly #holder: string;
  readonly #ttlMs: number;
  #revision: number | undefined;

  constructor(kv: KV, holder: string, ttlMs: number) {
    this.#kv = kv;
    this.#holder = holder;
    this.#ttlMs = ttlMs;
  }

  /** Takes or renews the lease; false when another replica holds it. */
  async acquire(now = Date.now()): Promise<boolean> {
    const entry = await this.#kv.get(KEY);
    const current =
      entry?.operation === 'PUT' && entry.length > 0 ? entry.json<SweepLease>() : null;
    if (!mayTakeLease(current, this.#holder, now)) {
      this.#revision = undefined;
      return false;
    }
    const value = JSON.stringify({ holder: this.#holder, until: now + this.#ttlMs });
    try {
      this.#revision =
        current === null || !entry
          ? await this.#kv.create(KEY, value)
          : await this.#kv.update(KEY, value, entry.revision);
      return true;
    } catch (err) {
      // Another replica took it between the read and the write (create fails on an existing key too).
      if (isCasConflict(err) || /exists/i.test(String((err as Error).message))) {
        this.#revision = undefined;
        return false;
      }
      throw err;
    }
  }

  /** Gives the lease back (when still held as last written). */
  async release(): Promise<void> {
    const revision = this.#revision;
    this.#revision = undefined;
    if (revision !== undefined) {
      await this.#kv.delete(KEY, { previousSeq: revision }).catch(() => undefined);
    }
  }
}
