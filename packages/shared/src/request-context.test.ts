import { describe, expect, it } from 'vitest';
import { currentRequestId, isValidRequestId, withRequestId } from './request-context';

describe('request ids', () => {
  it('accepts short ids of safe characters only', () => {
    expect(isValidRequestId('abc-123_x.y:z=')).toBe(true);
    expect(isValidRequestId('a'.repeat(128))).toBe(true);
    expect(isValidRequestId('a'.repeat(129))).toBe(false);
    expect(isValidRequestId('')).toBe(false);
    expect(isValidRequestId('a b')).toBe(false);
    expect(isValidRequestId('a\nb')).toBe(false);
    expect(isValidRequestId(undefined)).toBe(false);
  });

  it('follows async work', async () => {
    const seen = await withRequestId('r1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentRequestId();
    });
    expect(seen).toBe('r1');
    expect(currentRequestId()).toBeUndefined();
  });
});
