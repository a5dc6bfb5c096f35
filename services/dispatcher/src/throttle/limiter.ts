/**
 * The global per-account throttle over KV (`verzend_ratelimit`, key
 * `<company>.<accountId>.slots`). Every grant and release is a compare-and-set
 * on one key, so any number of replicas agree exactly on the rate window,
 * concurrency and daily quota (see docs/adr/0008-global-throttling.md).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { assertToken } from '@verzend/shared';
import { isCasConflict } from '../outbox/records';
import {
  type DenyReason,
  decide,
  emptyState,
  finish,
  type SlotLimits,
  type SlotState,
} from './slot-state';

/** One queued change of an account's state, committed with others in one write. */
interface PendingOp {
  change: (state: SlotState) => { state: SlotState | null; result: unknown };
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** A granted send slot. */
export interface Slot {
  leaseId: string;
  company: string;
  accountId: string;
  limits: SlotLimits;
}

/** Why and until when a wait happened (for telemetry). */
export interface WaitReport {
  reason: DenyReason;
  waitedMs: number;
}

/** Options of {@link Limiter}. */
export interface LimiterOptions {
  windowMs: number;
  /** How long a lease lives if its holder never releases it (crash). */
  leaseMs: number;
  /** Who holds leases (for operators reading the state). */
  holder: string;
}

function sleep(ms: number, signal: AbortSignal, wake: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
    void wake.then(done);
  });
}

/** Grants and releases send slots. */
export class Limiter {
  readonly #kv: KV;
  readonly #opts: LimiterOptions;
  /** Last known value + revision per key: saves the read before most writes. */
  readonly #cache = new Map<string, { state: SlotState; revision: number }>();
  /** Woken when this replica releases a slot of an account (others are polled). */
  readonly #pending = new Map<string, PendingOp[]>();
  readonly #writing = new Set<string>();
  readonly #releases = new Map<string, { promise: Promise<void>; resolve: () => void }>();

  constructor(kv: KV, opts: LimiterOptions) {
    this.#kv = kv;
    this.#opts = opts;
  }

  static key(company: string, accountId: string): string {
    return `${assertToken(company, 'company')}.${assertToken(accountId, 'account id')}.slots`;
  }

  async #read(key: string): Promise<{ state: SlotState; revision: number }> {
    const entry = await this.#kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      return { state: emptyState(), revision: 0 };
    }
    return { state: entry.json<SlotState>(), revision: entry.revision };
  }

  /** Compare-and-set loop: `change` returns the new state and a result. */
  /**
   * Group commit per key: while one write for an account is in flight, further
   * grants and releases from this replica queue up and go out together in the
   * next single compare-and-set (each applied in order to the same state). Local
   * lanes never race each other, and under load one KV write serves many sends.
   * Races with other replicas re-read and re-apply the whole batch.
   */
  #update<R>(
    key: string,
    change: (state: SlotState) => { state: SlotState | null; result: R },
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const batch = this.#pending.get(key) ?? [];
      batch.push({
        change: change as PendingOp['change'],
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
    let current = this.#cache.get(key) ?? (await this.#read(key));
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
        current = await this.#read(key);
        this.#cache.set(key, current);
      }
    }
  }

  #wakeup(key: string): Promise<void> {
    let w = this.#releases.get(key);
    if (!w) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      w = { promise, resolve };
      this.#releases.set(key, w);
    }
    return w.promise;
  }

  /** Tries once. */
  async tryAcquire(
    company: string,
    accountId: string,
    limits: SlotLimits,
    recipients: number,
  ): Promise<{ slot: Slot } | { reason: DenyReason; retryAt: number }> {
    const key = Limiter.key(company, accountId);
    const leaseId = randomUUID();
    const now = Date.now();
    type Outcome = { slot: Slot } | { reason: DenyReason; retryAt: number };
    return this.#update<Outcome>(key, (state) => {
      const d = decide(
        state,
        { leaseId, holder: this.#opts.holder, recipients, leaseMs: this.#opts.leaseMs },
        limits,
        now,
        this.#opts.windowMs,
      );
      if (d.granted) {
        return { state: d.state, result: { slot: { leaseId, company, accountId, limits } } };
      }
      return { state: null, result: { reason: d.reason, retryAt: d.retryAt } };
    });
  }

  /**
   * Waits for a slot. `onWait` runs before each sleep (the sender heartbeats its
   * message there). Resolves null when `signal` aborts.
   */
  async acquire(
    company: string,
    accountId: string,
    limits: SlotLimits,
    recipients: number,
    signal: AbortSignal,
    onWait?: (reason: DenyReason, retryAt: number) => void,
  ): Promise<{ slot: Slot; waited: WaitReport | null } | null> {
    const key = Limiter.key(company, accountId);
    const started = Date.now();
    let lastReason: DenyReason | null = null;
    let polls = 0;
    while (!signal.aborted) {
      const outcome = await this.tryAcquire(company, accountId, limits, recipients);
      if ('slot' in outcome) {
        return {
          slot: outcome.slot,
          waited: lastReason ? { reason: lastReason, waitedMs: Date.now() - started } : null,
        };
      }
      lastReason = outcome.reason;
      onWait?.(outcome.reason, outcome.retryAt);
      const now = Date.now();
      // Known free time (rate window): sleep until then. Otherwise poll: other replicas'
      // releases are not pushed to us (our own wake us at once); the poll slows down while
      // the account stays saturated, so waiting lanes cost little.
      polls++;
      const poll = Math.min(250, 20 * 1.5 ** Math.min(polls, 8)) * (0.5 + Math.random());
      const delay =
        outcome.reason !== 'concurrency' && outcome.retryAt > now
          ? Math.min(outcome.retryAt - now + Math.random() * 5, 5_000)
          : poll;
      // Cached state may be stale after a sleep; the CAS catches it, a fresh read avoids a wasted write.
      this.#cache.delete(key);
      await sleep(delay, signal, this.#wakeup(key));
    }
    return null;
  }

  /** Ends a lease; `counted` when the provider was called (the send counts against the window). */
  async release(slot: Slot, counted: boolean): Promise<void> {
    const key = Limiter.key(slot.company, slot.accountId);
    const now = Date.now();
    await this.#update(key, (state) => ({
      state: finish(state, slot.leaseId, counted, slot.limits, now, this.#opts.windowMs),
      result: undefined,
    }));
    const w = this.#releases.get(key);
    if (w) {
      this.#releases.delete(key);
      w.resolve();
    }
  }

  /** The current state (for tests and the admin view). */
  async state(company: string, accountId: string): Promise<SlotState> {
    return (await this.#read(Limiter.key(company, accountId))).state;
  }
}
