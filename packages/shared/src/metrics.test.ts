import { describe, expect, it } from 'vitest';
import { LabelCap, topN } from './metrics';

describe('bounded labels', () => {
  it('gives the first max keys their own series and counts the rest as other', () => {
    const cap = new LabelCap(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((k) => cap.admit(k))).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(cap.size).toBe(2);
    expect(new LabelCap(0).admit('a')).toBe(false);
  });

  it('keeps the n largest entries and sums the rest', () => {
    const entries = [5, 1, 9, 3, 7].map((value, i) => ({ key: `k${i}`, value }));
    const { top, rest } = topN(entries, 2);
    expect(top.map((e) => e.key)).toEqual(['k2', 'k4']);
    expect(rest).toEqual({ count: 3, sum: 9 });
    expect(topN(entries, 10).rest).toEqual({ count: 0, sum: 0 });
  });
});
