import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, nextDelayMs, parseSchedule, retryScheduleEnv } from './schedule';

describe('webhook retry schedule', () => {
  it("parses the specification's schedule: eight attempts over about 27 hours", () => {
    const s = parseSchedule(DEFAULT_RETRY_SCHEDULE);
    expect(s).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect((s ?? []).reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(27.59, 1);
  });

  it('takes bare milliseconds and refuses anything else', () => {
    expect(parseSchedule('0, 50, 1.5s')).toEqual([0, 50, 1500]);
    expect(parseSchedule('0,5x')).toBeNull();
    expect(parseSchedule('')).toBeNull();
    expect(retryScheduleEnv.safeParse('soon').success).toBe(false);
  });

  it('says when to try again, and when to give up', () => {
    const s = [0, 10, 20];
    expect(nextDelayMs(s, 1)).toBe(10);
    expect(nextDelayMs(s, 2)).toBe(20);
    expect(nextDelayMs(s, 3)).toBeNull();
  });
});
