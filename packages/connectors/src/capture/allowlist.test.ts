import { describe, expect, it } from 'vitest';
import { notAllowed } from './allowlist';

describe('capture allowlist', () => {
  it('allows everyone when empty', () => {
    expect(notAllowed(['a@b.example'], [])).toEqual([]);
  });
  it('matches addresses and @domains case-insensitively', () => {
    expect(
      notAllowed(
        ['Tester@Fabrikam.example', 'x@cronus.example', 'customer@fabrikam.example'],
        ['tester@fabrikam.example', '@CRONUS.example'],
      ),
    ).toEqual(['customer@fabrikam.example']);
  });
  it('does not treat a subdomain as the domain', () => {
    expect(notAllowed(['a@evil.cronus.example'], ['@cronus.example'])).toEqual([
      'a@evil.cronus.example',
    ]);
  });
});
