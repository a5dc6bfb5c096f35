/**
 * `Idempotency-Key` for the compose API (IETF httpapi draft, as Resend and
 * Novu do it): the first request with a key reserves it and fixes the id of the
 * email it creates; its response is kept for 24 h (KV bucket TTL). The same key
 * with the same payload replays that response; with a different payload it is
 * 409 IDEMPOTENCY_CONFLICT.
 *
 * A retry that finds the key reserved but not done (the first try crashed, or
 * is still running) runs the request again under the same email id: the outbox
 * then returns the email the first try accepted, or creates it once if the
 * first try never got that far — never a second email (ADR-0019).
 * @module
 */
import { createHash } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { assertToken, ConflictError, isCasConflict, ValidationError } from '@verzend/shared';
import { keyedEmailId } from '../emails/ids';

/** A stored response. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Entry {
  hash: string;
  state: 'pending' | 'done';
  startedAt: number;
  /** The email this key creates (absent in entries written before ids were derived from keys). */
  emailId?: string;
  response?: StoredResponse;
}

/** The email id a keyed request must use, and whether an earlier try may have accepted it. */
export interface KeyedRun {
  emailId: string;
  retry: boolean;
}

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
   * Runs `fn` for (company, user, key, payload) with the key's email id. A
   * completed run's response is replayed; a reserved but unfinished one is run
   * again with the same id (`retry`), which the outbox resolves to one email.
   */
  async run(
    company: string,
    userId: string,
    key: string,
    payloadHash: string,
    fn: (keyed: KeyedRun) => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const k = IdempotencyStore.key(company, userId, checkIdempotencyKey(key));
    const startedAt = Date.now();
    const fresh: Entry = {
      hash: payloadHash,
      state: 'pending',
      startedAt,
      emailId: keyedEmailId(company, userId, key, startedAt),
    };
    let entry = fresh;
    let revision: number;
    let retry = false;
    try {
      revision = await this.#kv.create(k, JSON.stringify(fresh));
    } catch (err) {
      if (!isCasConflict(err)) {
        throw err;
      }
      const existing = await this.#kv.get(k);
      const found = existing && existing.length > 0 ? existing.json<Entry>() : null;
      if (!existing || !found) {
        revision = await this.#kv.update(k, JSON.stringify(fresh), existing?.revision ?? 0);
      } else if (found.hash !== payloadHash) {
        throw new ConflictError(
          'This Idempotency-Key was already used with a different request. Use a new key for a new email.',
          { code: 'IDEMPOTENCY_CONFLICT' },
        );
      } else if (found.state === 'done' && found.response) {
        return { ...found.response, replayed: true };
      } else {
        // Reserved by a try that crashed or still runs: same email id, so both end in one email.
        entry = {
          ...found,
          emailId: found.emailId ?? keyedEmailId(company, userId, key, found.startedAt),
        };
        revision = existing.revision;
        retry = true;
      }
    }
    const emailId = entry.emailId ?? fresh.emailId ?? '';
    let response: StoredResponse;
    try {
      response = await fn({ emailId, retry });
    } catch (err) {
      if (!retry) {
        // Nothing was accepted under a fresh key: free it (if this fails, a retry takes it over).
        await this.#kv.purge(k, { previousSeq: revision }).catch(() => undefined);
      }
      throw err;
    }
    const done: Entry = { ...entry, emailId, state: 'done', response };
    // Lost, this write costs nothing: a retry finds the email under the key's id.
    await this.#kv.update(k, JSON.stringify(done), revision).catch(() => undefined);
    return { ...response, replayed: retry };
  }
}
