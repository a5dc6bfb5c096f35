import { describe, expect, it } from 'vitest';
import { EmailAddress, HeaderText, isEmailAddress } from './common';

describe('addresses and header text', () => {
  it('accepts RFC 5322 addr-specs and refuses the rest', () => {
    for (const ok of [
      'a@b.co',
      'first.last+tag@sub.example.com',
      '"quoted name"@example.org',
      'x@[192.168.0.1]',
    ]) {
      expect(isEmailAddress(ok), ok).toBe(true);
    }
    for (const bad of [
      'plain',
      'a@b',
      'a@@b.com',
      'a b@c.com',
      '.a@b.com',
      'a.@b.com',
      'a@b.com\r\nBcc: x@y.com',
      `${'x'.repeat(250)}@b.com`,
    ]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
    expect(EmailAddress.parse('  ap@fabrikam.example ')).toBe('ap@fabrikam.example');
  });

  it('refuses line breaks in header text (header injection)', () => {
    expect(HeaderText(100).safeParse('Invoice 1').success).toBe(true);
    expect(HeaderText(100).safeParse('Invoice\r\nBcc: victim@example.com').success).toBe(false);
    expect(HeaderText(100).safeParse('a\nb').success).toBe(false);
  });
});
