/**
 * Pending sign-ins between `POST /v1/accounts/{id}/connect` and
 * `GET /oauth/callback`: the state maps to the PKCE verifier and who asked.
 * Kept in a KV bucket with a TTL so any dispatcher replica can finish a
 * sign-in another one started; each state is usable once.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { NationalCloud } from '@verzend/shared';
import { z } from 'zod';

/** What a pending sign-in remembers. */
export const PendingSignIn = z.object({
  company: z.string(),
  accountId: z.string(),
  userId: z.string(),
  codeVerifier: z.string(),
  redirectUri: z.string(),
  scope: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  cloud: NationalCloud,
  /** The mailbox that must sign in. */
  expectedMailbox: z.string(),
  /** SHA-256 (base64url) of the nonce in the starting browser's cookie. */
  nonceHash: z.string(),
  /** ISO time after which the state is refused even if the bucket still holds it. */
  expiresAt: z.string(),
});
export type PendingSignIn = z.infer<typeof PendingSignIn>;

/** Stores pending sign-ins. */
export interface SignInStateStore {
  put(state: string, pending: PendingSignIn): Promise<void>;
  /** Returns and deletes the pending sign-in, or null when unknown, used or expired. */
  take(state: string): Promise<PendingSignIn | null>;
}

/** The KV-backed store (bucket `verzend_oauth_states`). */
export class KvSignInStateStore implements SignInStateStore {
  readonly #kv: KV;

  constructor(kv: KV) {
    this.#kv = kv;
  }

  async put(state: string, pending: PendingSignIn): Promise<void> {
    await this.#kv.create(state, JSON.stringify(pending));
  }

  async take(state: string): Promise<PendingSignIn | null> {
    const entry = await this.#kv.get(state);
    if (entry?.operation !== 'PUT') {
      return null;
    }
    try {
      // Compare-and-delete on the revision: two callbacks with the same state cannot both win.
      await this.#kv.delete(state, { previousSeq: entry.revision });
    } catch {
      return null;
    }
    const parsed = PendingSignIn.safeParse(entry.json());
    if (!parsed.success || Date.parse(parsed.data.expiresAt) < Date.now()) {
      return null;
    }
    return parsed.data;
  }
}

/** An in-process store for unit tests. */
export class MemorySignInStateStore implements SignInStateStore {
  readonly #states = new Map<string, PendingSignIn>();

  async put(state: string, pending: PendingSignIn): Promise<void> {
    this.#states.set(state, pending);
  }

  async take(state: string): Promise<PendingSignIn | null> {
    const pending = this.#states.get(state);
    this.#states.delete(state);
    if (!pending || Date.parse(pending.expiresAt) < Date.now()) {
      return null;
    }
    return pending;
  }
}
