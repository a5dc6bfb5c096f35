import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';

describe('retry backoff', () => {
  const opts = (r: number) => ({ baseMs: 1_000, maxMs: 16_000, random: () => r });

  it('doubles per attempt, with jitter between half and the whole step', () => {
    expect(retryDelayMs(1, opts(0))).toBe(500);
    expect(retryDelayMs(1, opts(0.999))).toBeCloseTo(1_000, -1);
    expect(retryDelayMs(3, opts(0))).toBe(2_000);
    expect(retryDelayMs(3, opts(1))).toBe(4_000);
  });

  it('is capped', () => {
    expect(retryDelayMs(20, opts(1))).toBe(16_000);
  });

  it("honours the provider's Retry-After, even above the cap", () => {
    expect(retryDelayMs(1, opts(0), 30)).toBe(30_000);
    expect(retryDelayMs(5, opts(1), 1)).toBe(16_000);
  });
});
