/**
 * The global per-account throttle over KV (`verzend_ratelimit`, key
 * `<company>.<accountId>.slots`). Every grant and release is a compare-and-set
 * on one key, so any number of replicas agree exactly on the rate window,
 * concurrency and daily quota (see docs/adr/0008-global-throttling-across-replicas.md).
 *
 * An account limited only by concurrency (no rate, no daily quota) keeps its
 * leases between sends: a finished send parks its lease for a moment and the
 * next send of that account in this replica takes it without a write. The lease
 * stays in KV the whole time, so the global count never drops below what is
 * really held; under load a lane costs one write per lease lifetime instead of
 * two per email.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { assertToken, isCasConflict } from '@verzend/shared';
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
  /** When the lease ends in the shared state if nobody releases it (epoch ms). */
  expiresAt: number;
}

/** A lease kept after its send, waiting for the next send of the same account. */
interface Parked {
  slot: Slot;
  timer: NodeJS.Timeout;
}

/** Why and until when a wait happened (for telemetry). */
export interface WaitReport {
  reason: DenyReason;
  waitedMs: number;
}

/** Options of {@link Limiter}. */
export interface LimiterOptions {
  windowMs: number;
  /** How long a lease lives if its holder never releases it (crash); it must cover one send. */
  leaseMs: number;
  /** Who holds leases (for operators reading the state). */
  holder: string;
  /**
   * Extra life of a lease that may be kept between sends (concurrency-only accounts):
   * it is reused while at least `leaseMs` of it is left. 0 turns keeping off.
   */
  keepMs?: number;
  /** How long a kept lease waits for the next send before it is released. */
  parkMs?: number;
}

/** True when only the concurrency limit applies: a lease then carries nothing but a place. */
function keepable(limits: SlotLimits): boolean {
  return limits.ratePerWindow === 0 && limits.dailyRecipientQuota === 0;
}

function sameLimits(a: SlotLimits, b: SlotLimits): boolean {
  return (
    a.ratePerWindow === b.ratePerWindow &&
    a.concurrency === b.concurrency &&
    a.dailyRecipientQuota === b.dailyRecipientQuota
  );
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
  /** Kept leases by key, newest last. */
  readonly #parked = new Map<string, Parked[]>();
  readonly #keepMs: number;
  readonly #parkMs: number;
  #closed = false;

  constructor(kv: KV, opts: LimiterOptions) {
    this.#kv = kv;
    this.#opts = opts;
    this.#keepMs = opts.keepMs ?? 30_000;
    this.#parkMs = opts.parkMs ?? 100;
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
    const now = Date.now();
    const kept = this.#unpark(key, limits, now);
    if (kept) {
      return { slot: kept };
    }
    const leaseId = randomUUID();
    const leaseMs =
      this.#keepMs > 0 && !this.#closed && keepable(limits)
        ? this.#opts.leaseMs + this.#keepMs
        : this.#opts.leaseMs;
    type Outcome = { slot: Slot } | { reason: DenyReason; retryAt: number };
    return this.#update<Outcome>(key, (state) => {
      const d = decide(
        state,
        { leaseId, holder: this.#opts.holder, recipients, leaseMs },
        limits,
        now,
        this.#opts.windowMs,
      );
      if (d.granted) {
        const slot = { leaseId, company, accountId, limits, expiresAt: now + leaseMs };
        return { state: d.state, result: { slot } };
      }
      return { state: null, result: { reason: d.reason, retryAt: d.retryAt } };
    });
  }

  /**
   * Waits for a slot. `onWait` runs before each sleep (the sender heartbeats its
   * message there). Resolves null when `signal` aborts, and `'hand-over'` when a
   * concurrency-only account's places have all been held by other replicas for
   * `handOverMs`: those replicas keep their leases while they have work, so the
   * caller should give its email back to the queue (where they pick it up) rather
   * than sit on it.
   */
  async acquire(
    company: string,
    accountId: string,
    limits: SlotLimits,
    recipients: number,
    signal: AbortSignal,
    onWait?: (reason: DenyReason, retryAt: number) => void,
    handOverMs = 1_000,
  ): Promise<{ slot: Slot; waited: WaitReport | null } | 'hand-over' | null> {
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
      if (
        outcome.reason === 'concurrency' &&
        this.#keepMs > 0 &&
        keepable(limits) &&
        Date.now() - started >= handOverMs
      ) {
        return 'hand-over';
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

  /**
   * A kept lease of this account that can carry one more send, or null. Kept
   * leases that can no longer be used (limits changed, too little life left) are
   * released on the way.
   */
  #unpark(key: string, limits: SlotLimits, now: number): Slot | null {
    const list = this.#parked.get(key);
    while (list && list.length > 0) {
      const p = list.pop() as Parked;
      clearTimeout(p.timer);
      if (list.length === 0) {
        this.#parked.delete(key);
      }
      if (sameLimits(p.slot.limits, limits) && p.slot.expiresAt - now >= this.#opts.leaseMs) {
        return p.slot;
      }
      void this.#finish(p.slot, true).catch(() => undefined);
    }
    return null;
  }

  /** Ends a lease; `counted` when the provider was called (the send counts against the window). */
  async release(slot: Slot, counted: boolean): Promise<void> {
    const key = Limiter.key(slot.company, slot.accountId);
    if (
      !this.#closed &&
      this.#keepMs > 0 &&
      keepable(slot.limits) &&
      slot.expiresAt - Date.now() >= this.#opts.leaseMs
    ) {
      const list = this.#parked.get(key) ?? [];
      const timer = setTimeout(() => {
        const i = list.findIndex((p) => p.slot === slot);
        if (i >= 0) {
          list.splice(i, 1);
          if (list.length === 0 && this.#parked.get(key) === list) {
            this.#parked.delete(key);
          }
          void this.#finish(slot, counted).catch(() => undefined);
        }
      }, this.#parkMs);
      list.push({ slot, timer });
      this.#parked.set(key, list);
      this.#wake(key);
      return;
    }
    await this.#finish(slot, counted);
  }

  async #finish(slot: Slot, counted: boolean): Promise<void> {
    const key = Limiter.key(slot.company, slot.accountId);
    const now = Date.now();
    await this.#update(key, (state) => ({
      state: finish(state, slot.leaseId, counted, slot.limits, now, this.#opts.windowMs),
      result: undefined,
    }));
    this.#wake(key);
  }

  #wake(key: string): void {
    const w = this.#releases.get(key);
    if (w) {
      this.#releases.delete(key);
      w.resolve();
    }
  }

  /**
   * Releases every kept lease and keeps no more (shutdown): another replica can
   * use the places at once instead of waiting for them to expire.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const slots: Slot[] = [];
    for (const list of this.#parked.values()) {
      for (const p of list) {
        clearTimeout(p.timer);
        slots.push(p.slot);
      }
    }
    this.#parked.clear();
    await Promise.allSettled(slots.map((slot) => this.#finish(slot, true)));
  }

  /** The current state (for tests and the admin view). */
  async state(company: string, accountId: string): Promise<SlotState> {
    return (await this.#read(Limiter.key(company, accountId))).state;
  }
}
