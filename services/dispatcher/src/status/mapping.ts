/**
 * From records to status changes (ADR-0023): which {@link StatusUpdate} a
 * written email or event record announces, and how an event record follows
 * its email. Pure functions of the record, so the relay can read any write of
 * a record — the first time or again after a crash — and announce the same
 * change under the same id.
 * @module
 */
import type { EmailRecord, EventStatus, StatusError, StatusUpdate } from '@verzend/shared';
import type { StoredEvent } from '../intake/store';

/** Code of an email failure whose attempt recorded none (the account could no longer be used). */
const UNCLASSIFIED = 'DELIVERY_FAILED';

function primarySource(rec: EmailRecord): { documentType: string; documentNo: string } | null {
  const primary = rec.relatedRecords.find((r) => r.relation === 'primary-source');
  return primary ? { documentType: primary.recordType, documentNo: primary.recordId } : null;
}

/**
 * The change a written email record announces, or null when the write announces none.
 * Its id is `<emailId>:<n>`, n the length of the record's status history: every status
 * change appends to it, so each change has its own id and a write that changed no
 * status repeats the previous one's (which the stream and receivers drop).
 */
export function emailUpdate(rec: EmailRecord): StatusUpdate | null {
  const last = rec.history.at(-1);
  if (!last) {
    return null;
  }
  const attempt = rec.attempts.at(-1);
  let kind: StatusUpdate['kind'];
  let error: StatusError | undefined;
  switch (rec.status) {
    case 'queued':
      if (rec.nextAttemptAt !== null && attempt?.outcome === 'transient-error') {
        kind = 'email.retrying';
        error = {
          code: attempt.errorCode ?? UNCLASSIFIED,
          text: attempt.error ?? rec.lastError ?? '',
        };
      } else {
        kind = 'email.queued';
      }
      break;
    case 'processing':
      kind = 'email.sending';
      break;
    case 'sent':
      kind = 'email.sent';
      break;
    case 'failed': {
      kind = 'email.failed';
      // The attempt's own code when the failure closed an attempt; its text is the record's reason.
      const closed = attempt && attempt.outcome !== 'sent' && attempt.outcome !== 'in-flight';
      error = {
        code: (closed ? attempt.errorCode : null) ?? UNCLASSIFIED,
        text: rec.lastError ?? last.reason ?? '',
      };
      break;
    }
    case 'cancelled':
      kind = 'email.cancelled';
      error = { code: 'CANCELLED', text: last.reason ?? 'Cancelled.' };
      break;
    case 'draft':
      kind = 'email.draft';
      break;
  }
  const source = rec.sourceEventId ? primarySource(rec) : null;
  const counts = kind !== 'email.queued' && kind !== 'email.draft' && kind !== 'email.cancelled';
  return {
    id: `${rec.id}:${rec.history.length}`,
    kind,
    company: rec.company,
    at: last.at,
    ...(rec.sourceEventId ? { eventId: rec.sourceEventId } : {}),
    ...(source ?? {}),
    emailId: rec.id,
    accountId: rec.accountId,
    ...(counts && attempt ? { attempt: attempt.number } : {}),
    messageId: rec.messageId,
    ...(kind === 'email.sent' && rec.providerMessageId
      ? { providerMessageId: rec.providerMessageId }
      : {}),
    ...(error ? { error } : {}),
  };
}

const outcomes: Partial<Record<EventStatus, StatusUpdate['kind']>> = {
  rendered: 'event.rendered',
  queued: 'event.queued',
  draft: 'event.draft',
  skipped: 'event.skipped',
  failed: 'event.failed',
  sent: 'event.sent',
};

/**
 * The change a written event record announces, or null. An event is `received` once
 * per processing run (accepted over HTTP, retried by a person, or first claimed from
 * the stream: one id for both of an HTTP event's writes); interim writes of a run
 * (a transient failure waiting for its retry) announce nothing new. Outcome ids are
 * `<eventId>:<kind>:<attempts>`, with `-<n>` when the outcome came from the email's
 * n-th change (so a second `failed` after "send again" is a change of its own).
 */
export function eventUpdate(ev: StoredEvent): StatusUpdate | null {
  let kind: StatusUpdate['kind'];
  let n: string;
  if (ev.status === 'received' || (ev.status === 'processing' && ev.attempts === 1)) {
    kind = 'event.received';
    n = String(ev.status === 'received' ? ev.attempts + 1 : ev.attempts);
  } else {
    const outcome = outcomes[ev.status];
    if (!outcome) {
      return null;
    }
    kind = outcome;
    n = ev.followSeq ? `${ev.attempts}-${ev.followSeq}` : String(ev.attempts);
  }
  let error: StatusError | undefined;
  if (kind === 'event.failed') {
    error = ev.lastError ?? { code: ev.errorCode ?? 'FAILED', text: ev.reason ?? '' };
  } else if (kind === 'event.skipped') {
    error = { code: 'SKIPPED', text: ev.reason ?? '' };
  }
  const withEmail = kind !== 'event.received' && kind !== 'event.rendered';
  return {
    id: `${ev.eventId}:${kind}:${n}`,
    kind,
    company: ev.company,
    at: ev.updatedAt,
    eventId: ev.eventId,
    documentType: ev.documentType,
    documentNo: ev.documentNo,
    ...(withEmail && ev.emailId ? { emailId: ev.emailId } : {}),
    ...(withEmail && ev.messageId ? { messageId: ev.messageId } : {}),
    ...(kind === 'event.sent' && ev.providerMessageId
      ? { providerMessageId: ev.providerMessageId }
      : {}),
    ...(error ? { error } : {}),
  };
}

/** What an email's change does to its event's record. */
export type Follow =
  /** Write this record (compare-and-set on the revision it was read at). */
  | { next: StoredEvent }
  /** The intake has not yet recorded the event's outcome: look again shortly. */
  | 'wait'
  /** Nothing to change. */
  | 'none';

const inProgress = new Set<EventStatus>(['received', 'processing', 'rendered']);

/**
 * How the record of the event that made an email follows the email: `sent` when it is
 * sent, `failed` when it fails or is cancelled, `queued` when a failed or drafted email
 * is sent (again). A change that arrives before the intake recorded the event's
 * outcome waits for it (the intake writes the outcome right after the email is queued).
 */
export function followEmail(ev: StoredEvent, email: EmailRecord): Follow {
  if (ev.emailId !== null && ev.emailId !== email.id) {
    return 'none';
  }
  let target: EventStatus;
  switch (email.status) {
    case 'sent':
      target = 'sent';
      break;
    case 'failed':
    case 'cancelled':
      target = 'failed';
      break;
    case 'queued':
    case 'processing':
      target = 'queued';
      break;
    default:
      return 'none';
  }
  if (inProgress.has(ev.status)) {
    return target === 'queued' ? 'none' : 'wait';
  }
  if (ev.status === 'skipped' || (target === 'queued' && ev.status === 'queued')) {
    return 'none';
  }
  const seq = email.history.length;
  if (ev.status === target && (ev.followSeq ?? 0) >= seq) {
    return 'none';
  }
  // An older change of the email arriving after a newer one was followed changes nothing.
  if ((ev.followSeq ?? 0) > seq) {
    return 'none';
  }
  const update = emailUpdate(email);
  const error = target === 'failed' ? (update?.error ?? null) : null;
  return {
    next: {
      ...ev,
      status: target,
      emailId: email.id,
      messageId: email.messageId,
      providerMessageId: target === 'sent' ? email.providerMessageId : null,
      sentAt: target === 'sent' ? email.sentAt : null,
      lastError: error,
      errorCode: error?.code ?? null,
      reason: error?.text ?? null,
      followSeq: seq,
      updatedAt: email.history.at(-1)?.at ?? email.updatedAt,
    },
  };
}
