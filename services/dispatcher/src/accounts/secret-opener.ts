/**
 * Opens the sealed secrets the config service hands out, and seals the user
 * tokens the dispatcher stores (ADR-0018). Secrets travel over NATS only as
 * AES-256-GCM envelopes bound to their bucket key; this is the one place in the
 * dispatcher that turns them into plain text, in memory.
 * @module
 */
import {
  type AccountSecrets,
  InternalError,
  type KeyRing,
  SECRET_KEYS,
  type SealedAccountSecrets,
  SecretDecryptError,
  type SecretEnvelope,
  SecretKeys,
  UserTokenSet,
} from '@verzend/shared';
import type { z } from 'zod';

type TokenSet = z.infer<typeof UserTokenSet>;

/** Seals and opens secrets with the shared key ring. */
export class SecretOpener {
  readonly #ring: KeyRing;

  constructor(ring: KeyRing) {
    this.#ring = ring;
  }

  /**
   * Decrypts the sealed secrets of `company`'s account `accountId`. The bucket
   * key each envelope must be bound to is computed here, from what was asked,
   * so an envelope of another account or company fails instead of opening.
   * @throws {InternalError} when an envelope cannot be opened (a key missing from SECRETS_KEYS, or tampering).
   */
  account(company: string, accountId: string, sealed: SealedAccountSecrets): AccountSecrets {
    const out: AccountSecrets = {};
    for (const field of SECRET_KEYS) {
      const envelope = sealed[field];
      if (envelope) {
        out[field] = this.#open(envelope, SecretKeys.accountField(company, accountId, field));
      }
    }
    return out;
  }

  /** Decrypts the sealed credential of `company`'s app registration `id`, bound the same way. */
  appRegistration(company: string, id: string, sealed: SealedAccountSecrets): AccountSecrets {
    const out: AccountSecrets = {};
    for (const field of ['clientSecret', 'clientCertificate'] as const) {
      const envelope = sealed[field];
      if (envelope) {
        out[field] = this.#open(envelope, SecretKeys.appRegistrationField(company, id, field));
      }
    }
    return out;
  }

  /** Opens the sealed signing secret of `company`'s webhook endpoint `id` (ADR-0024), bound the same way. */
  webhookSecret(company: string, id: string, envelope: SecretEnvelope): string {
    return this.#open(envelope, SecretKeys.webhookSecret(company, id));
  }

  /** Seals a user's token set for the config service to store. */
  sealUserToken(company: string, accountId: string, userId: string, token: TokenSet) {
    return this.#ring.encrypt(
      JSON.stringify(UserTokenSet.parse(token)),
      SecretKeys.userToken(company, accountId, userId),
    );
  }

  /** Opens a user's sealed token set. */
  openUserToken(
    company: string,
    accountId: string,
    userId: string,
    envelope: SecretEnvelope,
  ): TokenSet {
    const plain = this.#open(envelope, SecretKeys.userToken(company, accountId, userId));
    return UserTokenSet.parse(JSON.parse(plain));
  }

  #open(envelope: SecretEnvelope, key: string): string {
    try {
      return this.#ring.decrypt(envelope, key);
    } catch (err) {
      if (err instanceof SecretDecryptError) {
        throw new InternalError(`The secret at ${key} cannot be opened: ${err.message}`, {
          cause: err,
        });
      }
      throw err;
    }
  }
}
