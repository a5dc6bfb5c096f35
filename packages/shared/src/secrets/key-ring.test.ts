import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing, KeyRingError, SecretDecryptError } from './key-ring';

const key = () => randomBytes(32).toString('base64');

describe('KeyRing', () => {
  it('encrypts with the first key and decrypts with any configured key', () => {
    const k1 = key();
    const k2 = key();
    const old = KeyRing.parse(`old:${k1}`);
    const env = old.encrypt('hunter2', 'acme.account.a1.password');
    expect(env.kid).toBe('old');
    expect(JSON.stringify(env)).not.toContain('hunter2');
    const rotated = KeyRing.parse(`new:${k2},old:${k1}`);
    expect(rotated.currentKeyId).toBe('new');
    expect(rotated.decrypt(env, 'acme.account.a1.password')).toBe('hunter2');
    expect(rotated.encrypt('x', 'k').kid).toBe('new');
  });

  it('uses a fresh IV for every encryption', () => {
    const ring = KeyRing.parse(`k:${key()}`);
    expect(ring.encrypt('same', 'a').ct).not.toBe(ring.encrypt('same', 'a').ct);
  });

  it('refuses a ciphertext moved to another storage key', () => {
    const ring = KeyRing.parse(`k:${key()}`);
    const env = ring.encrypt('secret', 'acme.account.a1.password');
    expect(() => ring.decrypt(env, 'other.account.a1.password')).toThrow(SecretDecryptError);
  });

  it('refuses a tampered ciphertext and an unknown key id', () => {
    const ring = KeyRing.parse(`k:${key()}`);
    const env = ring.encrypt('secret', 'a');
    const ct = Buffer.from(env.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => ring.decrypt({ ...env, ct: ct.toString('base64') }, 'a')).toThrow(
      SecretDecryptError,
    );
    expect(() => ring.decrypt({ ...env, kid: 'gone' }, 'a')).toThrow(/not in SECRETS_KEYS/);
  });

  it('rejects malformed key specs without echoing key material', () => {
    expect(() => KeyRing.parse('')).toThrow(KeyRingError);
    expect(() => KeyRing.parse('nokey')).toThrow(KeyRingError);
    const short = Buffer.from('short').toString('base64');
    expect(() => KeyRing.parse(`k:${short}`)).toThrow(/32 bytes/);
    try {
      KeyRing.parse(`k:${short}`);
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
    const k = key();
    expect(() => KeyRing.parse(`a:${k},a:${k}`)).toThrow(/twice/);
  });
});
