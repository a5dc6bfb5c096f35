import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff';

const at = (r: number) => () => r;

describe('backoffMs', () => {
  it('grows by the factor from the base and stops at the cap', () => {
    const p = { baseMs: 100, maxMs: 800 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, p))).toEqual([100, 200, 400, 800, 800, 800]);
    expect(backoffMs(3, { baseMs: 20, maxMs: 1_000, factor: 1.5 })).toBe(45);
  });

  it('treats attempts below 1 as the first, and never overflows past the cap', () => {
    expect(backoffMs(0, { baseMs: 100, maxMs: 800 })).toBe(100);
    expect(backoffMs(-3, { baseMs: 100, maxMs: 800 })).toBe(100);
    expect(backoffMs(5_000, { baseMs: 100, maxMs: 800 })).toBe(800);
  });

  it('full jitter lies in [0, step)', () => {
    const p = { baseMs: 8, maxMs: 20, jitter: 'full' as const };
    expect(backoffMs(2, { ...p, random: at(0) })).toBe(0);
    expect(backoffMs(2, { ...p, random: at(0.5) })).toBe(8);
    expect(backoffMs(9, { ...p, random: at(0.5) })).toBe(10);
  });

  it('equal jitter lies in [step/2, step)', () => {
    const p = { baseMs: 1_000, maxMs: 16_000, jitter: 'equal' as const };
    expect(backoffMs(3, { ...p, random: at(0) })).toBe(2_000);
    expect(backoffMs(3, { ...p, random: at(0.5) })).toBe(3_000);
    expect(backoffMs(3, { ...p, random: at(1) })).toBe(4_000);
  });

  it('a spread lies in step × [1 − s, 1 + s)', () => {
    const p = { baseMs: 1_000, maxMs: 60_000, jitter: { spread: 0.2 } };
    expect(backoffMs(2, { ...p, random: at(0) })).toBe(1_600);
    expect(backoffMs(2, { ...p, random: at(0.5) })).toBe(2_000);
    expect(backoffMs(2, { ...p, random: at(1) })).toBeCloseTo(2_400, 9);
  });

  it('draws one random number per delay, none without jitter', () => {
    let draws = 0;
    const random = () => {
      draws++;
      return 0.25;
    };
    backoffMs(2, { baseMs: 10, maxMs: 100, random });
    expect(draws).toBe(0);
    backoffMs(2, { baseMs: 10, maxMs: 100, jitter: 'equal', random });
    expect(draws).toBe(1);
  });
});
