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
 *
 * Leases are renewed: every `renewMs` a replica extends the leases it holds
 * (one write per account it holds places of), so a lease outlives its holder's
 * crash by at most one lease life, however long a send takes. The same write
 * ends this holder's orphans — leases whose grant reply was lost, whose release
 * failed, or that a previous run under the same `holder` name left — and a
 * release that fails is retried on every renewal until it goes through.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { assertToken, backoffMs, type Logger } from '@verzend/shared';
import {
  type DenyReason,
  decide,
  finish,
  renewLeases,
  type SlotLimits,
  type SlotState,
} from './slot-state';
import { SlotStore } from './slot-store';

/** A granted send slot. */
export interface Slot {
  leaseId: string;
  company: string;
  accountId: string;
  limits: SlotLimits;
  /** When the lease ends in the shared state unless renewed or released (epoch ms; renewals move it). */
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
  /** How long a lease lives after its grant or last renewal if its holder stops renewing it (crash). */
  leaseMs: number;
  /** How often held leases are renewed and failed releases retried (default a third of `leaseMs`). */
  renewMs?: number;
  /** Where lapsed leases and failed releases are reported. */
  logger?: Logger;
  /** Who holds leases (for operators reading the state). */
  holder: string;
  /**
   * Extra life of a lease that may be kept between sends (concurrency-only accounts):
   * it is reused while at least `leaseMs` of it is left. 0 turns keeping off. A
   * `keepMs` of at least `renewMs` keeps a renewed lease reusable for as long as it is held.
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
  readonly #store: SlotStore;
  readonly #opts: LimiterOptions;
  /** Woken when this replica releases a slot of an account (others are polled). */
  readonly #releases = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  /** Kept leases by key, newest last. */
  readonly #parked = new Map<string, Parked[]>();
  /** Leases this replica holds (sending or kept), by key and lease id: renewed until released. */
  readonly #held = new Map<string, Map<string, Slot>>();
  /** Leases whose grant write is in flight: the renewal must not take them for orphans. */
  readonly #granting = new Map<string, Set<string>>();
  /** Releases not yet through (NATS unavailable, grant reply lost): retried on every renewal. */
  readonly #unreleased = new Map<string, { slot: Slot; counted: boolean }>();
  /** The limits each account was last asked for with (for {@link placesForHere}). */
  readonly #limits = new Map<string, SlotLimits>();
  readonly #keepMs: number;
  readonly #parkMs: number;
  readonly #renewMs: number;
  readonly #timer: NodeJS.Timeout;
  #renewing = false;
  #closed = false;

  constructor(kv: KV, opts: LimiterOptions) {
    this.#store = new SlotStore(kv);
    this.#opts = opts;
    this.#keepMs = opts.keepMs ?? 30_000;
    this.#parkMs = opts.parkMs ?? 100;
    this.#renewMs = opts.renewMs ?? Math.max(50, Math.floor(opts.leaseMs / 3));
    this.#timer = setInterval(() => void this.#renew(), this.#renewMs);
    this.#timer.unref();
  }

  static key(company: string, accountId: string): string {
    return `${assertToken(company, 'company')}.${assertToken(accountId, 'account id')}.slots`;
  }

  /** Life of a lease from its grant or renewal. */
  #life(limits: SlotLimits): number {
    return this.#keepMs > 0 && !this.#closed && keepable(limits)
      ? this.#opts.leaseMs + this.#keepMs
      : this.#opts.leaseMs;
  }

  #hold(key: string, slot: Slot): void {
    const held = this.#held.get(key) ?? new Map<string, Slot>();
    held.set(slot.leaseId, slot);
    this.#held.set(key, held);
  }

  #unhold(key: string, slot: Slot): void {
    const held = this.#held.get(key);
    held?.delete(slot.leaseId);
    if (held?.size === 0) {
      this.#held.delete(key);
    }
  }

  /**
   * One renewal round: extends every held lease (one write per account), ends
   * this holder's orphans, and retries releases that failed. Failures wait for
   * the next round; a lease that lapsed meanwhile is reported, never re-taken
   * (another replica may have its place by now).
   */
  async #renew(): Promise<void> {
    if (this.#renewing || this.#closed) {
      return;
    }
    this.#renewing = true;
    try {
      const rounds: Promise<unknown>[] = [];
      for (const { slot, counted } of [...this.#unreleased.values()]) {
        rounds.push(this.#finish(slot, counted));
      }
      for (const key of [...this.#held.keys()]) {
        rounds.push(this.#renewKey(key).catch(() => undefined));
      }
      await Promise.allSettled(rounds);
    } finally {
      this.#renewing = false;
    }
  }

  /** Expiries for this holder's held leases of `key`, and the leases being granted, as of now. */
  #ownLeases(key: string, now: number): { expiry: Map<string, number>; granting: Set<string> } {
    const slots = [...(this.#held.get(key)?.values() ?? [])];
    // Leases being granted or released are this replica's own business, not orphans.
    const busy = new Set(this.#granting.get(key) ?? []);
    for (const { slot } of this.#unreleased.values()) {
      if (Limiter.key(slot.company, slot.accountId) === key) {
        busy.add(slot.leaseId);
      }
    }
    return {
      expiry: new Map(slots.map((s) => [s.leaseId, now + this.#life(s.limits)])),
      granting: busy,
    };
  }

  async #renewKey(key: string): Promise<void> {
    const now = Date.now();
    let expiry = new Map<string, number>();
    // Read what this replica holds when the write is applied, not when it was queued: a grant
    // committed in between is held (or still being granted) by then, never taken for an orphan.
    const { lost } = await this.#store.update(key, (state) => {
      const own = this.#ownLeases(key, now);
      expiry = own.expiry;
      const out = renewLeases(state, this.#opts.holder, own.expiry, own.granting, now);
      return { state: out.state, result: out };
    });
    let lapsed = 0;
    for (const [id, renewed] of expiry) {
      const slot = this.#held.get(key)?.get(id);
      if (!slot) {
        continue; // released meanwhile
      }
      if (lost.includes(slot.leaseId)) {
        // No longer a lease: keeping it would only report it again. Its release is a no-op.
        this.#unhold(key, slot);
        lapsed++;
      } else {
        slot.expiresAt = Math.max(slot.expiresAt, renewed);
      }
    }
    if (lapsed > 0) {
      this.#opts.logger?.warn(
        { key, leases: lapsed },
        'send slots lapsed before they could be renewed (NATS unavailable longer than a lease life)',
      );
    }
  }

  /**
   * Ends the leases a previous run under this holder name left in any account
   * (a restarted replica frees its places at once instead of waiting for them to
   * lapse). Leases this run holds are kept. Returns how many were ended.
   */
  async adoptOrphans(): Promise<number> {
    let ended = 0;
    for (const key of await this.#store.keys()) {
      const now = Date.now();
      ended += await this.#store.update(key, (state) => {
        const own = this.#ownLeases(key, now);
        // Held leases keep their expiry here: only what nobody in this run holds is ended.
        for (const slot of this.#held.get(key)?.values() ?? []) {
          own.expiry.set(slot.leaseId, slot.expiresAt);
        }
        const out = renewLeases(state, this.#opts.holder, own.expiry, own.granting, now);
        const before = state.leases.length;
        return { state: out.state, result: before - (out.state ?? state).leases.length };
      });
      this.#wake(key);
    }
    return ended;
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
    this.#limits.set(key, limits);
    const now = Date.now();
    const kept = this.#unpark(key, limits, now);
    if (kept) {
      return { slot: kept };
    }
    const leaseId = randomUUID();
    const leaseMs = this.#life(limits);
    type Outcome = { slot: Slot } | { reason: DenyReason; retryAt: number };
    const granting = this.#granting.get(key) ?? new Set<string>();
    granting.add(leaseId);
    this.#granting.set(key, granting);
    try {
      const outcome = await this.#store.update<Outcome>(key, (state) => {
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
      if ('slot' in outcome) {
        this.#hold(key, outcome.slot);
      }
      return outcome;
    } catch (err) {
      // The grant may have been stored with its reply lost: give it back as soon as NATS lets us.
      const slot = { leaseId, company, accountId, limits, expiresAt: now + leaseMs };
      this.#unreleased.set(leaseId, { slot, counted: false });
      throw err;
    } finally {
      granting.delete(leaseId);
      if (granting.size === 0 && this.#granting.get(key) === granting) {
        this.#granting.delete(key);
      }
    }
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
      const poll = backoffMs(polls + 1, {
        baseMs: 20,
        maxMs: 250,
        factor: 1.5,
        jitter: { spread: 0.5 },
      });
      const delay =
        outcome.reason !== 'concurrency' && outcome.retryAt > now
          ? Math.min(outcome.retryAt - now + Math.random() * 5, 5_000)
          : poll;
      // Cached state may be stale after a sleep; the CAS catches it, a fresh read avoids a wasted write.
      this.#store.forget(key);
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
      void this.#finish(p.slot, true);
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
          void this.#finish(slot, counted);
        }
      }, this.#parkMs);
      list.push({ slot, timer });
      this.#parked.set(key, list);
      this.#wake(key);
      return;
    }
    await this.#finish(slot, counted);
  }

  /**
   * Ends a lease in the shared state. Never throws: a release that fails stays
   * queued and is retried on every renewal round until it goes through (the
   * lease, no longer renewed, lapses by itself meanwhile).
   */
  async #finish(slot: Slot, counted: boolean): Promise<void> {
    const key = Limiter.key(slot.company, slot.accountId);
    this.#unhold(key, slot);
    const first = !this.#unreleased.has(slot.leaseId);
    this.#unreleased.set(slot.leaseId, { slot, counted });
    const now = Date.now();
    try {
      await this.#store.update(key, (state) => ({
        state: finish(state, slot.leaseId, counted, slot.limits, now, this.#opts.windowMs),
        result: undefined,
      }));
      this.#unreleased.delete(slot.leaseId);
      this.#wake(key);
    } catch (err) {
      if (first) {
        this.#opts.logger?.warn(
          { err, accountId: slot.accountId },
          'could not release a send slot yet; retrying',
        );
      }
    }
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
    clearInterval(this.#timer);
    const slots: Slot[] = [];
    for (const list of this.#parked.values()) {
      for (const p of list) {
        clearTimeout(p.timer);
        slots.push(p.slot);
      }
    }
    this.#parked.clear();
    await Promise.allSettled([
      ...slots.map((slot) => this.#finish(slot, true)),
      ...[...this.#unreleased.values()]
        .filter(({ slot }) => !slots.includes(slot))
        .map(({ slot, counted }) => this.#finish(slot, counted)),
    ]);
  }

  /**
   * How many of the account's places this replica can hope for now: its concurrency limit less
   * the live leases other replicas hold, as of the last state this replica read or wrote (no
   * NATS call). Undefined until this replica has asked for a place of the account. An account
   * loop pulls no more messages than this, so replicas sharing a busy account do not each take
   * a full limit's worth of messages they would only hold and give back (ADR-0029).
   */
  placesForHere(company: string, accountId: string): number | undefined {
    const key = Limiter.key(company, accountId);
    const limits = this.#limits.get(key);
    const state = this.#store.peek(key);
    if (!limits || !state) {
      return undefined;
    }
    const now = Date.now();
    const elsewhere = state.leases.filter((l) => l[4] !== this.#opts.holder && l[2] > now).length;
    return Math.max(0, limits.concurrency - elsewhere);
  }

  /** Releases still waiting to go through (a test and an operator's view of NATS trouble). */
  get unreleased(): number {
    return this.#unreleased.size;
  }

  /**
   * True when `holder` has a live lease on this account: it renews its leases
   * while it runs, so a replica that holds one is alive (a crashed one's lapse
   * within a lease life). The sender asks before taking over an attempt another
   * replica recorded as in flight.
   */
  async holds(company: string, accountId: string, holder: string): Promise<boolean> {
    const { state } = await this.#store.read(Limiter.key(company, accountId));
    const now = Date.now();
    return state.leases.some((l) => l[4] === holder && l[2] > now);
  }

  /** The current state (for tests and the admin view). */
  async state(company: string, accountId: string): Promise<SlotState> {
    return (await this.#store.read(Limiter.key(company, accountId))).state;
  }
}
