/**
 * The pure decision behind the global throttle: given an account's shared state
 * (a sliding-window log of completed sends, live concurrency leases and the
 * rolling 24 h recipient count), may one more send start now? Kept free of I/O
 * so every rule is unit-tested; see docs/adr/0008-global-throttling-across-replicas.md.
 * @module
 */

/** An account's limits as the throttle reads them. */
export interface SlotLimits {
  /** Sends per window; 0 = unlimited. */
  ratePerWindow: number;
  /** Sends in flight at once. */
  concurrency: number;
  /** Recipients per rolling 24 h; 0 = no quota. */
  dailyRecipientQuota: number;
}

/** A lease: [id, granted at, expires at, recipients, holder]. */
export type Lease = [string, number, number, number, string];

/** Shared per-account state (KV value, compact on purpose: it is rewritten on every grant). */
export interface SlotState {
  /** Times (ms) at which counted sends completed; kept while younger than the window. */
  done: number[];
  leases: Lease[];
  /** Recipients per minute: [minute start ms, count]. */
  daily: [number, number][];
}

/** Why a slot was refused. */
export type DenyReason = 'concurrency' | 'rate' | 'quota';

/** The outcome of {@link decide}. */
export type Decision =
  | { granted: true; state: SlotState }
  | { granted: false; reason: DenyReason; retryAt: number; state: SlotState };

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** An empty state. */
export function emptyState(): SlotState {
  return { done: [], leases: [], daily: [] };
}

/**
 * Drops what no longer counts. An expired lease (its holder crashed or hung)
 * becomes a completed send at its expiry time: we cannot know whether the
 * provider accepted it, so it keeps counting against the window.
 */
export function prune(
  state: SlotState,
  now: number,
  windowMs: number,
  limits: SlotLimits,
): SlotState {
  const done = [...state.done];
  const leases: Lease[] = [];
  for (const lease of state.leases) {
    if (lease[2] <= now) {
      if (limits.ratePerWindow > 0) {
        done.push(lease[2]);
      }
    } else {
      leases.push(lease);
    }
  }
  return {
    done:
      limits.ratePerWindow > 0 ? done.filter((t) => t + windowMs > now).sort((a, b) => a - b) : [],
    leases,
    // A minute bucket counts until a full day after its minute ended (never early).
    daily:
      limits.dailyRecipientQuota > 0
        ? state.daily.filter(([minute]) => minute + MINUTE_MS + DAY_MS > now)
        : [],
  };
}

/**
 * Decides whether a send may start at `now`, and records the lease when it may.
 * A send counts against the window from the moment it is granted until a full
 * window after it completes, so no window can ever hold more than the limit,
 * however long a send takes.
 */
export function decide(
  raw: SlotState,
  request: { leaseId: string; holder: string; recipients: number; leaseMs: number },
  limits: SlotLimits,
  now: number,
  windowMs: number,
): Decision {
  const state = prune(raw, now, windowMs, limits);
  if (state.leases.length >= limits.concurrency) {
    const soonest = Math.min(...state.leases.map((l) => l[2]));
    return { granted: false, reason: 'concurrency', retryAt: soonest, state };
  }
  if (limits.ratePerWindow > 0 && state.done.length + state.leases.length >= limits.ratePerWindow) {
    // The oldest completed send leaves the window first. When every counted send is still
    // in flight there is no known time: `now` tells the caller to poll.
    const oldest = state.done[0];
    const retryAt = oldest !== undefined ? oldest + windowMs : now;
    return { granted: false, reason: 'rate', retryAt, state };
  }
  if (limits.dailyRecipientQuota > 0) {
    const used = state.daily.reduce((sum, [, n]) => sum + n, 0);
    if (used + request.recipients > limits.dailyRecipientQuota) {
      const oldest = state.daily.reduce((min, [m]) => Math.min(min, m), Number.POSITIVE_INFINITY);
      const retryAt = Number.isFinite(oldest) ? oldest + MINUTE_MS + DAY_MS : now + MINUTE_MS;
      return { granted: false, reason: 'quota', retryAt, state };
    }
  }
  const next: SlotState = {
    done: state.done,
    leases: [
      ...state.leases,
      [request.leaseId, now, now + request.leaseMs, request.recipients, request.holder],
    ],
    daily: state.daily,
  };
  if (limits.dailyRecipientQuota > 0 && request.recipients > 0) {
    const minute = now - (now % MINUTE_MS);
    const bucket = next.daily.find(([m]) => m === minute);
    if (bucket) {
      next.daily = next.daily.map(([m, n]) =>
        m === minute ? [m, n + request.recipients] : [m, n],
      );
    } else {
      next.daily = [...next.daily, [minute, request.recipients]];
    }
  }
  return { granted: true, state: next };
}

/**
 * Ends a lease. A send that reached the provider (`counted`) stays in the
 * window from its completion time; one that never did gives back its slot and
 * its recipients.
 */
export function finish(
  raw: SlotState,
  leaseId: string,
  counted: boolean,
  limits: SlotLimits,
  now: number,
  windowMs: number,
): SlotState {
  const state = prune(raw, now, windowMs, limits);
  const lease = state.leases.find((l) => l[0] === leaseId);
  if (!lease) {
    // It lapsed while its holder could not renew it (NATS unavailable) and was counted at its
    // expiry, which may be before the send really ended: count the send again from now, so no
    // window ever holds more than the limit (a lapse costs a place in the window, never more).
    return counted && limits.ratePerWindow > 0
      ? { ...state, done: [...state.done, now].sort((a, b) => a - b) }
      : state;
  }
  const next: SlotState = {
    done: state.done,
    leases: state.leases.filter((l) => l[0] !== leaseId),
    daily: state.daily,
  };
  if (counted && limits.ratePerWindow > 0) {
    next.done = [...next.done, now].sort((a, b) => a - b);
  }
  if (!counted && limits.dailyRecipientQuota > 0 && lease[3] > 0) {
    const minute = lease[1] - (lease[1] % MINUTE_MS);
    next.daily = next.daily
      .map(([m, n]): [number, number] => (m === minute ? [m, Math.max(0, n - lease[3])] : [m, n]))
      .filter(([, n]) => n > 0);
  }
  return next;
}

/**
 * Renews one holder's leases: each lease in `held` gets its new expiry; a lease
 * of this holder that it neither holds nor is being granted (`granting`) is an
 * orphan — the reply of its grant was lost, its release failed, or the holder
 * restarted under the same name — and is ended now, counting as a send at this
 * moment (its send may have reached the provider). Other holders' leases are
 * left alone. `lost` lists held leases no longer in the state (they lapsed while
 * the holder could not renew them). `state` is null when nothing changes.
 */
export function renewLeases(
  raw: SlotState,
  holder: string,
  held: ReadonlyMap<string, number>,
  granting: ReadonlySet<string>,
  now: number,
): { state: SlotState | null; lost: string[] } {
  let changed = false;
  const done = [...raw.done];
  const leases: Lease[] = [];
  const present = new Set<string>();
  for (const lease of raw.leases) {
    const [id, grantedAt, expiresAt, recipients, owner] = lease;
    if (owner !== holder) {
      leases.push(lease);
      continue;
    }
    const renewed = held.get(id);
    if (renewed !== undefined) {
      present.add(id);
      leases.push([id, grantedAt, Math.max(expiresAt, renewed), recipients, owner]);
      changed ||= renewed > expiresAt;
    } else if (granting.has(id)) {
      leases.push(lease);
    } else {
      done.push(now);
      changed = true;
    }
  }
  const lost = [...held.keys()].filter((id) => !present.has(id));
  return {
    state: changed ? { done: done.sort((a, b) => a - b), leases, daily: raw.daily } : null,
    lost,
  };
}
