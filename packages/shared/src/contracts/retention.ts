/**
 * Retention settings of a company: how long Verzend keeps what it has done.
 * Business Central keeps sent and outbox emails until a retention policy says
 * otherwise (none is enabled by default, minimum 7 days); Verzend has defaults
 * a small company never needs to change, and the dispatcher's sweeper deletes
 * what is older (docs/operations.md "Retention"; ADR-0026 for the blobs).
 * @module
 */
import { z } from 'zod';

/** Whole days, between `min` and ten years. */
const days = (min: number, fallback: number, what: string) =>
  z
    .number()
    .int('must be a whole number of days')
    .min(min, `must be at least ${min} days`)
    .max(3650, 'must be at most 3650 days (ten years)')
    .default(fallback)
    .describe(`${what} (days; default ${fallback}, at least ${min})`);

/**
 * The defaults: sent emails 90 days (Business Central's minimum is 7; a quarter covers
 * "did the customer get my invoice?"), failed and cancelled emails 180 days (someone may
 * still act on them), posting-event records 90 days, captured messages 30 days (test
 * companies and demos), telemetry 7 days (the telemetry stream's own limit).
 */
export const RETENTION_DEFAULTS = {
  sentEmailsDays: 90,
  failedEmailsDays: 180,
  eventRecordsDays: 90,
  capturedMessagesDays: 30,
  telemetryDays: 7,
} as const;

/** A company's retention settings; every field has a default, so `{}` is valid. */
export const RetentionSettings = z
  .object({
    sentEmailsDays: days(7, RETENTION_DEFAULTS.sentEmailsDays, 'Sent emails are kept'),
    failedEmailsDays: days(
      7,
      RETENTION_DEFAULTS.failedEmailsDays,
      'Failed and cancelled emails are kept',
    ),
    eventRecordsDays: days(
      7,
      RETENTION_DEFAULTS.eventRecordsDays,
      'Finished posting-event records are kept',
    ),
    capturedMessagesDays: days(
      1,
      RETENTION_DEFAULTS.capturedMessagesDays,
      'Messages of capture accounts are kept',
    ),
    telemetryDays: days(1, RETENTION_DEFAULTS.telemetryDays, 'Telemetry events are kept'),
  })
  .strict()
  .meta({
    id: 'RetentionSettings',
    example: { ...RETENTION_DEFAULTS, sentEmailsDays: 365 },
  });
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** The settings a company that never changed them has. */
export function defaultRetention(): RetentionSettings {
  return { ...RETENTION_DEFAULTS };
}
