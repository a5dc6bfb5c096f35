/**
 * Per-token and per-company request limits on `/v1/*`, held across replicas:
 * each limit is a fixed window counted in a NATS KV key (`<scope>.<id>.<window>`)
 * and increased by compare-and-set, so every replica of every service sees the
 * same count. Answers carry the IETF `RateLimit-Policy` and `RateLimit` fields
 * (draft-ietf-httpapi-ratelimit-headers); a request over a limit is a 429 with
 * `Retry-After` until the window ends.
 * @module
 */
import { createHash } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import type { MiddlewareHandler } from 'hono';
import type { AuthVariables } from '../auth';
import { backoffMs } from '../backoff';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { isCasConflict } from '../nats/cas';

/** Counts hits in fixed windows. */
export interface RateCounter {
  /** Adds one hit to `key` and returns the count so far (including this one). */
  hit(key: string): Promise<number>;
}

/** Compare-and-set attempts (with jittered back-off) before hits count as over the limit. */
const CAS_TRIES = 40;

const jitter = (attempt: number) =>
  new Promise((r) => setTimeout(r, backoffMs(attempt, { baseMs: 2, maxMs: 20, jitter: 'full' })));

interface Waiter {
  resolve: (count: number) => void;
  reject: (err: unknown) => void;
}

/**
 * A {@link RateCounter} in a NATS KV bucket (keys expire with the bucket's TTL).
 * Concurrent hits on one key in this process are added in one compare-and-set
 * (+n), so a burst from one client never races itself; only replicas race each
 * other, and they retry.
 */
export class KvRateCounter implements RateCounter {
  readonly #kv: KV;
  readonly #queues = new Map<string, { waiting: Waiter[] }>();

  constructor(kv: KV) {
    this.#kv = kv;
  }

  hit(key: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const queued = this.#queues.get(key);
      if (queued) {
        queued.waiting.push({ resolve, reject });
        return;
      }
      const queue = { waiting: [{ resolve, reject }] };
      this.#queues.set(key, queue);
      void this.#drain(key, queue);
    });
  }

  /** Adds the waiting hits of a key in batches until none is left. */
  async #drain(key: string, queue: { waiting: Waiter[] }): Promise<void> {
    try {
      while (queue.waiting.length > 0) {
        const batch = queue.waiting.splice(0);
        try {
          const before = await this.#add(key, batch.length);
          for (const [i, w] of batch.entries()) {
            w.resolve(before + i + 1);
          }
        } catch (err) {
          for (const w of batch) {
            w.reject(err);
          }
        }
      }
    } finally {
      this.#queues.delete(key);
    }
  }

  /** Adds `n` to the key by compare-and-set; returns the count before. */
  async #add(key: string, n: number): Promise<number> {
    for (let i = 0; i < CAS_TRIES; i++) {
      if (i > 0) {
        await jitter(i);
      }
      const entry = await this.#kv.get(key);
      try {
        if (entry?.operation !== 'PUT') {
          await this.#kv.create(key, String(n));
          return 0;
        }
        const seen = Number(entry.string()) || 0;
        await this.#kv.update(key, String(seen + n), entry.revision);
        return seen;
      } catch (err) {
        if (!isCasConflict(err)) {
          throw err;
        }
      }
    }
    // Still losing the race after many tries: the key is under a flood; count these hits as over.
    return Number.POSITIVE_INFINITY;
  }
}

/** A {@link RateCounter} in memory (one process; for tests). */
export class MemoryRateCounter implements RateCounter {
  readonly #counts = new Map<string, number>();

  async hit(key: string): Promise<number> {
    const n = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, n);
    return n;
  }
}

/** Settings of {@link rateLimit}. */
export interface RateLimitOptions {
  counter: RateCounter;
  /** Requests per window per bearer token. */
  perToken: number;
  /** Requests per window per company (all its tokens and users together). */
  perCompany: number;
  windowS: number;
  logger: Logger;
  /** Longest wait for the count; past it the request goes on uncounted (default 1 s). */
  timeoutMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** Middleware for `/v1/*`, after authentication (it needs the caller's company). */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const windowMs = opts.windowS * 1000;
  const now = opts.now ?? Date.now;
  const policy = `"token";q=${opts.perToken};w=${opts.windowS}, "company";q=${opts.perCompany};w=${opts.windowS}`;
  return async function limitRequests(c, next) {
    const principal = c.get('auth');
    const bearer = c.req.header('authorization') ?? '';
    const tokenId = createHash('sha256').update(bearer).digest('hex').slice(0, 32);
    const t = now();
    const window = Math.floor(t / windowMs);
    const resetS = Math.max(1, Math.ceil(((window + 1) * windowMs - t) / 1000));
    let counts: [number, number];
    let timer: NodeJS.Timeout | undefined;
    try {
      counts = await Promise.race([
        Promise.all([
          opts.counter.hit(`token.${tokenId}.${window}`),
          opts.counter.hit(`company.${principal.company}.${window}`),
        ]),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('the rate limit store did not answer in time')),
            opts.timeoutMs ?? 1_000,
          );
        }),
      ]);
    } catch (err) {
      // The limiter must not make a NATS hiccup worse: the request goes on uncounted.
      opts.logger.warn({ err }, 'rate limit store unavailable; request not counted');
      await next();
      return;
    } finally {
      clearTimeout(timer);
    }
    const [tokenCount, companyCount] = counts;
    const tokenLeft = opts.perToken - tokenCount;
    const companyLeft = opts.perCompany - companyCount;
    const [name, left] = tokenLeft <= companyLeft ? ['token', tokenLeft] : ['company', companyLeft];
    c.header('ratelimit-policy', policy);
    c.header('ratelimit', `"${name}";r=${Math.max(0, left)};t=${resetS}`);
    if (left < 0) {
      const limit = name === 'token' ? opts.perToken : opts.perCompany;
      throw new AppError(
        'RATE_LIMITED',
        `Too many requests: at most ${limit} per ${opts.windowS} s per ${name === 'token' ? 'token' : 'company'}. Try again in ${resetS} s.`,
        { retryAfterSeconds: resetS },
      );
    }
    await next();
  };
}
