/**
 * Encrypted secrets in the secrets bucket: account secrets (write-only fields)
 * and delegated OAuth token sets per user. Values are only ever written as
 * {@link SecretEnvelope}s, and the config service never decrypts one at run
 * time: it encrypts what administrators set over HTTP and hands envelopes to the
 * dispatcher, which opens them (ADR-0018). Only `rotate-secrets` decrypts here.
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  type AccountSecrets,
  APP_SECRET_KEYS,
  type AppRegistrationSecrets,
  InternalError,
  type KeyRing,
  SECRET_KEYS,
  type SealedAccountSecrets,
  SecretEnvelope,
  SecretKeys,
} from '@verzend/shared';
import { JsonKv } from '../store/kv-json';

type SecretField = (typeof SECRET_KEYS)[number];

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
   * The sealed secrets of an account, for the dispatcher: envelopes as stored,
   * never decrypted here. `fields` limits the reads to the ones the account
   * lists, all read in parallel.
   * @throws {InternalError} when a stored value is not an envelope.
   */
  async accountEnvelopes(
    company: string,
    accountId: string,
    fields: readonly SecretField[] = SECRET_KEYS,
  ): Promise<SealedAccountSecrets> {
    const values = await Promise.all(
      fields.map(
        async (field) =>
          [field, await this.#read(SecretKeys.accountField(company, accountId, field))] as const,
      ),
    );
    const out: SealedAccountSecrets = {};
    for (const [field, envelope] of values) {
      if (envelope !== null) {
        out[field] = envelope;
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

  /** The sealed secrets of an app registration, for the dispatcher (which opens them). */
  async appRegistrationEnvelopes(
    company: string,
    id: string,
    fields: readonly (typeof APP_SECRET_KEYS)[number][],
  ): Promise<SealedAccountSecrets> {
    const out: SealedAccountSecrets = {};
    for (const field of fields) {
      const envelope = await this.#read(SecretKeys.appRegistrationField(company, id, field));
      if (envelope) {
        out[field] = envelope;
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

  /**
   * Stores (replaces) a user's delegated token set, sealed by the dispatcher
   * under `SecretKeys.userToken` (this service cannot and need not open it).
   */
  async storeUserTokenEnvelope(
    company: string,
    accountId: string,
    userId: string,
    envelope: SecretEnvelope,
  ): Promise<void> {
    await this.#kv.put(SecretKeys.userToken(company, accountId, userId), envelope);
  }

  /** A user's sealed token set, or null. */
  userTokenEnvelope(
    company: string,
    accountId: string,
    userId: string,
  ): Promise<SecretEnvelope | null> {
    return this.#read(SecretKeys.userToken(company, accountId, userId));
  }

  /** Seals one value under `key` (the key is the additional authenticated data). */
  seal(value: string, key: string): SecretEnvelope {
    return this.#ring.encrypt(value, key);
  }

  /** Writes an envelope sealed for `key`. */
  async putEnvelope(key: string, envelope: SecretEnvelope): Promise<void> {
    await this.#kv.put(key, envelope);
  }

  /** The envelope stored at `key`, or null (never decrypted here). */
  envelope(key: string): Promise<SecretEnvelope | null> {
    return this.#read(key);
  }

  /** Deletes one secret. */
  async deleteKey(key: string): Promise<void> {
    await this.#kv.delete(key);
  }

  async #read(key: string): Promise<SecretEnvelope | null> {
    const doc = await this.#kv.get<unknown>(key);
    if (!doc) {
      return null;
    }
    const envelope = SecretEnvelope.safeParse(doc.value);
    if (!envelope.success) {
      throw new InternalError(`The secret at ${key} is not an encrypted envelope.`);
    }
    return envelope.data;
  }
}
