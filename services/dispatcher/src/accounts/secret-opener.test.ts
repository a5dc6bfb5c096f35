import { randomBytes } from 'node:crypto';
import { InternalError, KeyRing, SecretKeys } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SecretOpener } from './secret-opener';

const key = () => randomBytes(32).toString('base64');

describe('SecretOpener', () => {
  it('opens the envelopes config stored for this account, bound to their bucket keys', () => {
    const ring = KeyRing.parse(`k1:${key()}`);
    const opener = new SecretOpener(ring);
    const sealed = {
      password: ring.encrypt('pw', SecretKeys.accountField('acme', 'a1', 'password')),
      clientSecret: ring.encrypt('cs', SecretKeys.accountField('acme', 'a1', 'clientSecret')),
    };
    expect(opener.account('acme', 'a1', sealed)).toEqual({ password: 'pw', clientSecret: 'cs' });
    expect(opener.account('acme', 'a1', {})).toEqual({});
  });

  it('refuses an envelope of another account or company, or under a key it does not hold', () => {
    const ring = KeyRing.parse(`k1:${key()}`);
    const opener = new SecretOpener(ring);
    const other = {
      password: ring.encrypt('pw', SecretKeys.accountField('globex', 'a1', 'password')),
    };
    expect(() => opener.account('acme', 'a1', other)).toThrow(InternalError);
    const moved = {
      password: ring.encrypt('pw', SecretKeys.accountField('acme', 'a2', 'password')),
    };
    expect(() => opener.account('acme', 'a1', moved)).toThrow(/failed authentication/);
    const foreign = KeyRing.parse(`k2:${key()}`);
    const unknown = {
      password: foreign.encrypt('pw', SecretKeys.accountField('acme', 'a1', 'password')),
    };
    expect(() => opener.account('acme', 'a1', unknown)).toThrow(/not in SECRETS_KEYS/);
  });

  it('seals a user token so that only this user of this account opens it', () => {
    const opener = new SecretOpener(KeyRing.parse(`k1:${key()}`));
    const token = { refreshToken: 'rt-secret', scope: 'Mail.Send' };
    const sealed = opener.sealUserToken('acme', 'a1', 'anna', token);
    expect(JSON.stringify(sealed)).not.toContain('rt-secret');
    expect(opener.openUserToken('acme', 'a1', 'anna', sealed)).toEqual(token);
    expect(() => opener.openUserToken('acme', 'a1', 'bert', sealed)).toThrow(InternalError);
  });

  it('opens what was sealed under an older key while the ring still lists it (rotation)', () => {
    const old = `old:${key()}`;
    const sealed = {
      password: KeyRing.parse(old).encrypt('pw', SecretKeys.accountField('acme', 'a1', 'password')),
    };
    const rotated = new SecretOpener(KeyRing.parse(`new:${key()},${old}`));
    expect(rotated.account('acme', 'a1', sealed)).toEqual({ password: 'pw' });
  });
});
