import { describe, expect, it } from 'vitest';
import { newEmailId } from '../emails/ids';
import { firstBefore } from './queries';

describe('firstBefore', () => {
  it('finds the first id (newest first) created before a time, by the id alone', () => {
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const ids = [5, 4, 3, 2, 1].map((d) => newEmailId(t0 + d * 86_400_000));
    const withoutTime = `000000000${'a'.repeat(16)}`;
    const all = [...ids, withoutTime];
    expect(firstBefore(all, t0 + 3 * 86_400_000)).toBe(3);
    expect(firstBefore(all, t0 + 3 * 86_400_000 + 1)).toBe(2);
    expect(firstBefore(all, t0 + 10 * 86_400_000)).toBe(0);
    // An id without a time part (an event without its receipt time) is never skipped.
    expect(firstBefore(all, t0)).toBe(5);
    expect(firstBefore([], t0)).toBe(0);
  });
});
