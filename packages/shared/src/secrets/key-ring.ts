/**
 * AES-256-GCM encryption of secrets with named keys (see ADR-0003).
 *
 * `SECRETS_KEYS` = `id:base64key,...`: the first key encrypts, every key
 * decrypts, so rotating is "prepend a new key, run rotate-secrets, drop the old
 * one later". Each envelope names its key id, and the KV key the secret lives
 * under is bound in as additional authenticated data, so a ciphertext copied to
 * another account or company fails to decrypt instead of leaking across.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The stored form of one secret. */
export const SecretEnvelope = z.object({
  v: z.literal(1),
  alg: z.literal('A256GCM'),
  kid: z.string(),
  iv: z.string(),
  tag: z.string(),
  ct: z.string(),
});
export type SecretEnvelope = z.infer<typeof SecretEnvelope>;

/** A secret could not be decrypted: unknown key id, or tampered/misplaced ciphertext. */
export class SecretDecryptError extends Error {
  readonly retry = false;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretDecryptError';
  }
}

/** The configured keys are unusable. */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRingError';
  }
}

/** Named AES-256 keys; the first one is current. */
export class KeyRing {
  readonly #keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  private constructor(keys: Map<string, Buffer>, current: string) {
    this.#keys = keys;
    this.currentKeyId = current;
  }

  /**
   * Parses `id:base64key,...`.
   * @throws {KeyRingError} naming the bad entry (never the key material).
   */
  static parse(spec: string): KeyRing {
    const keys = new Map<string, Buffer>();
    let current: string | undefined;
    for (const raw of spec.split(',')) {
      const entry = raw.trim();
      if (entry === '') {
        continue;
      }
      const sep = entry.indexOf(':');
      const id = sep > 0 ? entry.slice(0, sep) : '';
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
        throw new KeyRingError(
          'SECRETS_KEYS: every entry must be "id:base64key" with an id of 1-32 letters, digits, "_" or "-".',
        );
      }
      const key = Buffer.from(entry.slice(sep + 1), 'base64');
      if (key.length !== 32) {
        throw new KeyRingError(`SECRETS_KEYS: key "${id}" must decode to 32 bytes (AES-256).`);
      }
      if (keys.has(id)) {
        throw new KeyRingError(`SECRETS_KEYS: key id "${id}" appears twice.`);
      }
      keys.set(id, key);
      current ??= id;
    }
    if (current === undefined) {
      throw new KeyRingError('SECRETS_KEYS: at least one key is required.');
    }
    return new KeyRing(keys, current);
  }

  /** Key ids, current first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts `plaintext` under the current key, bound to `aad` (the storage key). */
  encrypt(plaintext: string, aad: string): SecretEnvelope {
    const key = this.#keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      alg: 'A256GCM',
      kid: this.currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  /**
   * Decrypts an envelope stored under `aad`.
   * @throws {SecretDecryptError} for an unknown key id or a failed authentication.
   */
  decrypt(envelope: SecretEnvelope, aad: string): string {
    const key = this.#keys.get(envelope.kid);
    if (!key) {
      throw new SecretDecryptError(
        `Secret encrypted with key "${envelope.kid}", which is not in SECRETS_KEYS.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(envelope.ct, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw new SecretDecryptError('A secret failed authentication (tampered or moved).', {
        cause,
      });
    }
  }
}

/**
 * The `SECRETS_KEYS` variable of every service that holds the key ring (config
 * encrypts, the dispatcher decrypts: ADR-0018), checked at start; the message
 * names the bad entry, never key material.
 */
export const secretsKeysEnv = z
  .string()
  .min(1, 'SECRETS_KEYS is required (id:base64 32-byte key)')
  .superRefine((value, ctx) => {
    try {
      KeyRing.parse(value);
    } catch (err) {
      if (!(err instanceof KeyRingError)) {
        throw err;
      }
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  });
