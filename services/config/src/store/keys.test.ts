import { describe, expect, it } from 'vitest';
import { ConfigKeys, SecretKeys, textToken, tokenText } from './keys';

describe('key layout', () => {
  it('round-trips free text through one key token, keeping empty distinct', () => {
    for (const value of ['', '_', 'alice@example.com', 'DOMAIN\\user', 'a.b.c > *', 'ü']) {
      const token = textToken(value);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(tokenText(token)).toBe(value);
    }
    expect(textToken('')).not.toBe(textToken('_'));
  });

  it('starts every key with the company, and refuses ids that could widen a subject', () => {
    expect(ConfigKeys.account('acme', 'a1')).toBe('acme.account.a1');
    expect(ConfigKeys.reportSelection('acme', 'sales-invoice', null)).toBe(
      'acme.report-selection.sales-invoice._',
    );
    expect(SecretKeys.accountField('acme', 'a1', 'password')).toBe('acme.account.a1.password');
    expect(() => ConfigKeys.account('acme', 'a.>')).toThrow();
    expect(() => ConfigKeys.company('*')).toThrow();
  });
});
