/**
 * What the retention sweeper may delete, as pure decisions (the sweeper reads
 * and deletes; these only judge). See docs/operations.md "Retention" and
 * docs/adr/0026-retention-and-blob-collection.md.
 * @module
 */
import type { EmailRecord, EventRecord, RetentionSettings } from '@verzend/shared';
import { isFinal } from '../emails/status';

/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The shortest retention any setting allows for emails and event records (days). */
export const MIN_RECORD_DAYS = 7;

/** Longest interval between touches of a blob that is in use, whatever the grace period. */
const MAX_TOUCH_AFTER_MS = 15 * 60_000;

/**
 * When an email's retention runs out (ms since the epoch), or null for one that
 * is never deleted however old: drafts, and queued or processing emails.
 * Sent emails count from when they were sent, failed and cancelled ones from
 * their last change.
 */
export function emailExpiresAt(
  record: Pick<EmailRecord, 'status' | 'sentAt' | 'updatedAt'>,
  settings: RetentionSettings,
): number | null {
  // Only a finished dispatch expires (the status table, ADR-0027): drafts and active emails stay.
  if (!isFinal(record.status)) {
    return null;
  }
  return record.status === 'sent'
    ? Date.parse(record.sentAt ?? record.updatedAt) + settings.sentEmailsDays * DAY_MS
    : Date.parse(record.updatedAt) + settings.failedEmailsDays * DAY_MS;
}

/** True when the email may be deleted now. */
export function emailExpired(
  record: Pick<EmailRecord, 'status' | 'sentAt' | 'updatedAt'>,
  settings: RetentionSettings,
  now: number,
): boolean {
  const at = emailExpiresAt(record, settings);
  return at !== null && Number.isFinite(at) && at <= now;
}

/** Event statuses that are final: the event is no longer being worked on. */
const FINAL_EVENT = new Set<EventRecord['status']>(['queued', 'draft', 'skipped', 'failed']);

/**
 * True when a posting-event record may be deleted now: it is final (no retry
 * scheduled), and older than the company's setting and than the events stream's
 * age limit (`minDays`) — the record is the event's de-duplication key, so it
 * must outlive every copy of the event the stream could still deliver.
 */
export function eventExpired(
  record: Pick<EventRecord, 'status' | 'updatedAt' | 'nextAttemptAt'>,
  settings: RetentionSettings,
  now: number,
  minDays: number,
): boolean {
  if (!FINAL_EVENT.has(record.status) || record.nextAttemptAt) {
    return false;
  }
  const days = Math.max(settings.eventRecordsDays, minDays);
  const at = Date.parse(record.updatedAt) + days * DAY_MS;
  return Number.isFinite(at) && at <= now;
}

/**
 * The scan's first filter: a record whose last write is younger than the shortest
 * possible retention cannot have expired, so it is not even read.
 */
export function mayHaveExpired(lastWrite: number, now: number, days = MIN_RECORD_DAYS): boolean {
  return lastWrite + days * DAY_MS <= now;
}

/** True when a captured message (its file's modification time) may be deleted now. */
export function captureExpired(mtimeMs: number, settings: RetentionSettings, now: number): boolean {
  return mtimeMs + settings.capturedMessagesDays * DAY_MS <= now;
}

/** Telemetry of the company stored before this moment may be deleted. */
export function telemetryCutoff(settings: RetentionSettings, now: number): number {
  return now - settings.telemetryDays * DAY_MS;
}

/**
 * The blob sweeper's rule (ADR-0026): a blob may be deleted when no record seen by
 * the mark (which started at `sweepStart`) references it, and its lease — the time
 * its meta was last stored or touched — began more than the grace period before
 * the mark started. The delete is then conditional on the meta revision judged.
 */
export function blobDeletable(blob: {
  marked: boolean;
  storedAt: number;
  sweepStart: number;
  graceMs: number;
}): boolean {
  return !blob.marked && blob.storedAt + blob.graceMs < blob.sweepStart;
}

/**
 * How old a blob's lease may get before whoever uses it touches it again: a
 * quarter of the grace period (at most 15 minutes), so a record written right
 * after a confirmation always lands well inside the grace period (ADR-0026).
 */
export function touchAfterMs(graceMs: number): number {
  return Math.max(1, Math.min(MAX_TOUCH_AFTER_MS, Math.floor(graceMs / 4)));
}

/** The sweeper's lease as stored in KV. */
export interface SweepLease {
  holder: string;
  /** Expires at (ms since the epoch). */
  until: number;
}

/** True when `holder` may take (or renew) the lease: it is free, expired or its own. */
export function mayTakeLease(current: SweepLease | null, holder: string, now: number): boolean {
  return current === null || current.holder === holder || current.until <= now;
}
