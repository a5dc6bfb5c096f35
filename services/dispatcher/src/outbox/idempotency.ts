/**
 * `Idempotency-Key` for the compose API (IETF httpapi draft, as Resend and
 * Novu do it): the first request with a key runs and its response is kept for
 * 24 h (KV bucket TTL); the same key with the same payload replays that
 * response; the same key with a different payload is 409 IDEMPOTENCY_CONFLICT;
 * a request still running under the key is 409 with Retry-After.
 * @module
 */
import { createHash } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { assertToken, ConflictError, isCasConflict, ValidationError } from '@verzend/shared';

/** A stored response. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Entry {
  hash: string;
  state: 'pending' | 'done';
  startedAt: number;
  response?: StoredResponse;
}

/** A pending entry older than this is assumed abandoned (its request crashed) and taken over. */
const ABANDONED_MS = 60_000;

/** Validates an Idempotency-Key header value. */
export function checkIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > 256 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ValidationError(
      'Idempotency-Key must be 1-256 printable ASCII characters without spaces.',
      {
        errors: [{ path: 'Idempotency-Key', message: 'must be 1-256 printable ASCII characters' }],
      },
    );
  }
  return key;
}

/** Stores idempotency keys in KV. */
export class IdempotencyStore {
  readonly #kv: KV;

  constructor(kv: KV) {
    this.#kv = kv;
  }

  static key(company: string, userId: string, key: string): string {
    const digest = createHash('sha256').update(`${userId}\u0000${key}`).digest('hex');
    return `${assertToken(company, 'company')}.compose.${digest}`;
  }

  /**
   * Runs `fn` once per (company, user, key, payload). Responses of successful
   * requests are kept; a failed request releases the key so it can be retried.
   */
  async run(
    company: string,
    userId: string,
    key: string,
    payloadHash: string,
    fn: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const k = IdempotencyStore.key(company, userId, checkIdempotencyKey(key));
    const pending: Entry = { hash: payloadHash, state: 'pending', startedAt: Date.now() };
    let revision: number;
    try {
      revision = await this.#kv.create(k, JSON.stringify(pending));
    } catch (err) {
      if (!isCasConflict(err)) {
        throw err;
      }
      const existing = await this.#kv.get(k);
      const entry = existing && existing.length > 0 ? existing.json<Entry>() : null;
      if (!existing || !entry) {
        revision = await this.#kv.update(k, JSON.stringify(pending), existing?.revision ?? 0);
      } else if (entry.hash !== payloadHash) {
        throw new ConflictError(
          'This Idempotency-Key was already used with a different request. Use a new key for a new email.',
          { code: 'IDEMPOTENCY_CONFLICT' },
        );
      } else if (entry.state === 'done' && entry.response) {
        return { ...entry.response, replayed: true };
      } else if (Date.now() - entry.startedAt < ABANDONED_MS) {
        throw new ConflictError('A request with this Idempotency-Key is still being processed.', {
          retryAfterSeconds: 1,
        });
      } else {
        revision = await this.#kv.update(k, JSON.stringify(pending), existing.revision);
      }
    }
    let response: StoredResponse;
    try {
      response = await fn();
    } catch (err) {
      await this.#kv.purge(k, { previousSeq: revision }).catch(() => undefined);
      throw err;
    }
    const done: Entry = { ...pending, state: 'done', response };
    await this.#kv.update(k, JSON.stringify(done), revision).catch(() => undefined);
    return { ...response, replayed: false };
  }
}
