import { describe, expect, it } from 'vitest';
import { randomHex64 } from './random-hex';

describe('randomHex64', () => {
  it('gives 16 hex digits whose every digit varies (no fixed version or variant digit)', () => {
    const seen = Array.from({ length: 16 }, () => new Set<string>());
    const ids = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const id = randomHex64();
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      ids.add(id);
      for (const [at, digit] of [...id].entries()) {
        seen[at]?.add(digit);
      }
    }
    expect(ids.size).toBe(2_000);
    // With 2,000 draws each position shows all 16 digits unless one is fixed.
    expect(seen.every((digits) => digits.size === 16)).toBe(true);
  });
});
