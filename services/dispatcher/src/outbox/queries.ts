/**
 * Listing the Outbox and Sent Emails: newest first, filtered by status,
 * account, scenario, related record, date and text, and by the caller's view
 * policy, with an opaque cursor (the last id scanned). Records are read in
 * small parallel batches until a page is full.
 * @module
 */
import type { EmailRecord, EmailStatus, Principal, ViewPolicyKind } from '@verzend/shared';
import type { EmailRecords } from '../emails/records';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { canView } from '../views/policy';

/** Filters of a listing. */
export interface ListFilter {
  statuses: EmailStatus[];
  accountId?: string | undefined;
  scenario?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  /** ISO date-times, inclusive from / exclusive to, on `createdAt` (outbox) or `sentAt` (sent). */
  from?: string | undefined;
  to?: string | undefined;
  dateField: 'createdAt' | 'sentAt';
  /** Text the subject or a recipient (to, cc, bcc: address or name) contains, case-insensitive. */
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Most records one page reads; a page with fewer matches than asked for then carries a cursor. */
export const SCAN_MAX = 2_000;

function matches(record: EmailRecord, f: ListFilter): boolean {
  if (!f.statuses.includes(record.status)) {
    return false;
  }
  if (f.accountId && record.accountId !== f.accountId) {
    return false;
  }
  if (f.scenario && record.scenario !== f.scenario) {
    return false;
  }
  if (f.recordType || f.recordId) {
    const hit = record.relatedRecords.some(
      (r) =>
        (!f.recordType || r.recordType === f.recordType) &&
        (!f.recordId || r.recordId === f.recordId),
    );
    if (!hit) {
      return false;
    }
  }
  if (f.q) {
    const needle = f.q.toLowerCase();
    const hay = [
      record.subject,
      ...[...record.to, ...record.cc, ...record.bcc].flatMap((m) => [m.address, m.name ?? '']),
    ];
    if (!hay.some((h) => h.toLowerCase().includes(needle))) {
      return false;
    }
  }
  const date = record[f.dateField];
  if (f.from && (!date || date < f.from)) {
    return false;
  }
  if (f.to && (!date || date >= f.to)) {
    return false;
  }
  return true;
}

/** Ids carry their creation time (ids.ts) up to a moment's difference from `createdAt`. */
const ID_CLOCK_SLACK_MS = 60_000;

/**
 * The index of the first id (newest first) made before `time`: ids start with their
 * creation time in base 36, and an email is created no earlier than its id's time, so
 * with a `to` bound the listing skips every newer id without reading it.
 */
export function firstBefore(ids: readonly string[], time: number): number {
  const prefix = Math.max(0, time).toString(36).padStart(9, '0');
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] ?? '').slice(0, 9) >= prefix) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Lists a company's emails visible to `viewer`. */
export async function listEmails(
  records: EmailRecords,
  viewer: Principal,
  policy: ViewPolicyKind,
  filter: ListFilter,
): Promise<{ items: EmailRecord[]; nextCursor: string | null }> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const ids = await records.ids(viewer.company);
  let start = after === undefined ? 0 : ids.findIndex((id) => id < after);
  if (start >= 0 && filter.to) {
    start = Math.max(start, firstBefore(ids, Date.parse(filter.to) + ID_CLOCK_SLACK_MS));
  }
  if (start < 0) {
    return { items: [], nextCursor: null };
  }
  const items: EmailRecord[] = [];
  const batch = Math.min(100, Math.max(20, filter.limit));
  let i = start;
  let lastScanned: string | undefined;
  // A filter few emails match stops after SCAN_MAX records: a shorter page with a cursor to go on.
  const scanEnd = Math.min(ids.length, start + SCAN_MAX);
  while (i < scanEnd && items.length < filter.limit) {
    const slice = ids.slice(i, Math.min(i + batch, scanEnd));
    const found = await Promise.all(slice.map((id) => records.find(viewer.company, id)));
    for (let k = 0; k < slice.length; k++) {
      const v = found[k];
      lastScanned = slice[k];
      i++;
      if (v && matches(v.value, filter) && canView(viewer, policy, v.value)) {
        items.push(v.value);
        if (items.length === filter.limit) {
          break;
        }
      }
    }
  }
  const more = i < ids.length;
  return { items, nextCursor: more && lastScanned ? encodeCursor(lastScanned) : null };
}
