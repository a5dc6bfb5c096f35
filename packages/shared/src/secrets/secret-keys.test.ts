import { describe, expect, it } from 'vitest';
import { SecretKeys, textToken, tokenText } from './secret-keys';

describe('secret key layout', () => {
  it('round-trips free text through one key token, keeping empty distinct', () => {
    for (const value of ['', '_', 'alice@example.com', 'DOMAIN\\user', 'a.b.c > *', 'ü']) {
      const token = textToken(value);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(tokenText(token)).toBe(value);
    }
    expect(textToken('')).not.toBe(textToken('_'));
  });

  it('starts every key with the company, and refuses ids that could widen a subject', () => {
    expect(SecretKeys.accountField('acme', 'a1', 'password')).toBe('acme.account.a1.password');
    expect(SecretKeys.userToken('acme', 'a1', '')).toBe('acme.user-token.a1._');
    expect(() => SecretKeys.accountField('acme', 'a.>', 'password')).toThrow();
    expect(() => SecretKeys.userToken('*', 'a1', 'u')).toThrow();
  });
});
