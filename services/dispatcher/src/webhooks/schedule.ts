/**
 * The webhook retry schedule (ADR-0024): the delay before each attempt, the
 * Standard Webhooks specification's suggestion by default — immediately, 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (eight attempts over about 27 h) — and
 * configurable (`WEBHOOK_RETRY_SCHEDULE`) so tests can shrink it.
 * @module
 */
import { z } from 'zod';

/** The specification's schedule, as `WEBHOOK_RETRY_SCHEDULE` spells it. */
export const DEFAULT_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,10h';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Parses a schedule: comma-separated durations (`250ms`, `5s`, `5m`, `2h`, or a
 * bare number of milliseconds), one per attempt; the first is the delay before
 * the first attempt (normally 0). Null when it is not one.
 */
export function parseSchedule(spec: string): number[] | null {
  const parts = spec.split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(part);
    if (!m?.[1]) {
      return null;
    }
    out.push(Math.round(Number(m[1]) * (UNITS[m[2] ?? 'ms'] ?? 1)));
  }
  return out.length >= 1 && out.length <= 20 ? out : null;
}

/** The env field: a schedule, parsed into delays in ms. */
export const retryScheduleEnv = z
  .string()
  .default(DEFAULT_RETRY_SCHEDULE)
  .transform((v, ctx) => {
    const parsed = parseSchedule(v);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be 1-20 comma-separated durations such as 0,5s,5m,2h',
      });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * What to do after attempt number `attempt` (1-based) failed: the delay before
 * the next one, or null when the schedule is exhausted (the delivery failed).
 */
export function nextDelayMs(schedule: readonly number[], attempt: number): number | null {
  return attempt < schedule.length ? (schedule[attempt] ?? null) : null;
}
