/**
 * Encrypted secrets in the secrets bucket: account secrets (write-only fields)
 * and delegated OAuth token sets per user. Values are only ever written as
 * {@link SecretEnvelope}s; plaintext exists in memory, never in KV or a log.
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  type AccountSecrets,
  APP_SECRET_KEYS,
  type AppRegistrationSecrets,
  InternalError,
  SECRET_KEYS,
  UserTokenSet,
} from '@verzend/shared';
import type { z } from 'zod';
import { SecretKeys } from '../store/keys';
import { JsonKv } from '../store/kv-json';
import { type KeyRing, SecretDecryptError, SecretEnvelope } from './key-ring';

type SecretField = (typeof SECRET_KEYS)[number];
type TokenSet = z.infer<typeof UserTokenSet>;

/** Secrets of accounts and users, encrypted at rest. */
export class SecretStore {
  readonly #kv: JsonKv;
  readonly #ring: KeyRing;

  constructor(kv: KV, ring: KeyRing) {
    this.#kv = new JsonKv(kv);
    this.#ring = ring;
  }

  /** Writes the given secret fields of an account (others stay as they are). */
  async setAccountSecrets(
    company: string,
    accountId: string,
    secrets: AccountSecrets,
  ): Promise<void> {
    for (const field of SECRET_KEYS) {
      const value = secrets[field];
      if (value !== undefined) {
        const key = SecretKeys.accountField(company, accountId, field);
        await this.#kv.put(key, this.#ring.encrypt(value, key));
      }
    }
  }

  /** Removes the given secret fields of an account. */
  async clearAccountSecrets(
    company: string,
    accountId: string,
    fields: SecretField[],
  ): Promise<void> {
    for (const field of fields) {
      await this.#kv.delete(SecretKeys.accountField(company, accountId, field));
    }
  }

  /** Which secret fields an account has (without decrypting them). */
  async accountSecretFields(company: string, accountId: string): Promise<SecretField[]> {
    const keys = await this.#kv.keys(SecretKeys.accountPrefix(company, accountId));
    const present = new Set(keys.map((k) => k.slice(k.lastIndexOf('.') + 1)));
    return SECRET_KEYS.filter((f) => present.has(f));
  }

  /**
   * Decrypts the secrets of an account (for the dispatcher only); `fields` limits
   * the reads to the ones the account lists, all read in parallel.
   * @throws {InternalError} when a secret cannot be decrypted (wrong keys configured).
   */
  async accountSecrets(
    company: string,
    accountId: string,
    fields: readonly SecretField[] = SECRET_KEYS,
  ): Promise<AccountSecrets> {
    const values = await Promise.all(
      fields.map(
        async (field) =>
          [field, await this.#read(SecretKeys.accountField(company, accountId, field))] as const,
      ),
    );
    const out: AccountSecrets = {};
    for (const [field, value] of values) {
      if (value !== null) {
        out[field] = value;
      }
    }
    return out;
  }

  /** Deletes every secret of an account, including its users' tokens. */
  async deleteAccount(company: string, accountId: string): Promise<void> {
    const keys = [
      ...(await this.#kv.keys(SecretKeys.accountPrefix(company, accountId))),
      ...(await this.#kv.keys(SecretKeys.userTokenPrefix(company, accountId))),
    ];
    for (const key of keys) {
      await this.#kv.delete(key);
    }
  }

  /** Writes the given secret fields of an app registration (others stay as they are). */
  async setAppRegistrationSecrets(
    company: string,
    id: string,
    secrets: AppRegistrationSecrets,
  ): Promise<void> {
    for (const field of APP_SECRET_KEYS) {
      const value = secrets[field];
      if (value !== undefined) {
        const key = SecretKeys.appRegistrationField(company, id, field);
        await this.#kv.put(key, this.#ring.encrypt(value, key));
      }
    }
  }

  /** Decrypts the secrets of an app registration (for the dispatcher's accounts only). */
  async appRegistrationSecrets(
    company: string,
    id: string,
    fields: readonly (typeof APP_SECRET_KEYS)[number][],
  ): Promise<AppRegistrationSecrets> {
    const out: AppRegistrationSecrets = {};
    for (const field of fields) {
      const value = await this.#read(SecretKeys.appRegistrationField(company, id, field));
      if (value !== null) {
        out[field] = value;
      }
    }
    return out;
  }

  /** Deletes every secret of an app registration. */
  async deleteAppRegistration(company: string, id: string): Promise<void> {
    for (const key of await this.#kv.keys(SecretKeys.appRegistrationPrefix(company, id))) {
      await this.#kv.delete(key);
    }
  }

  /** Stores (replaces) a user's delegated token set for an account. */
  async storeUserToken(
    company: string,
    accountId: string,
    userId: string,
    token: TokenSet,
  ): Promise<void> {
    const key = SecretKeys.userToken(company, accountId, userId);
    await this.#kv.put(key, this.#ring.encrypt(JSON.stringify(token), key));
  }

  /** A user's delegated token set, or null. */
  async userToken(company: string, accountId: string, userId: string): Promise<TokenSet | null> {
    const plain = await this.#read(SecretKeys.userToken(company, accountId, userId));
    return plain === null ? null : UserTokenSet.parse(JSON.parse(plain));
  }

  async #read(key: string): Promise<string | null> {
    const doc = await this.#kv.get<unknown>(key);
    if (!doc) {
      return null;
    }
    const envelope = SecretEnvelope.safeParse(doc.value);
    if (!envelope.success) {
      throw new InternalError(`The secret at ${key} is not an encrypted envelope.`);
    }
    try {
      return this.#ring.decrypt(envelope.data, key);
    } catch (err) {
      if (err instanceof SecretDecryptError) {
        throw new InternalError(`The secret at ${key} cannot be decrypted: ${err.message}`, {
          cause: err,
        });
      }
      throw err;
    }
  }
}
