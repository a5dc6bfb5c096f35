/**
 * Every status change of an email as one pure function, {@link apply}:
 * `(record, event) → record | refusal`, over the one status table in
 * `status.ts` (ADR-0027). Nothing here reads or writes: the store's
 * compare-and-set `transition` calls it with the current record (again after a
 * lost race), so a decision is always taken on what is stored.
 * @module
 */
import type { Attempt, EmailRecord, EmailStatus } from '@verzend/shared';
import { isActive } from './status';

/** Why an event does not apply to the record as it is. */
export interface Refusal {
  /**
   * `invalid-state`: a user asked for something the status does not allow (a 409);
   * `stale`: a sender's event about a dispatch that is no longer the current one (dropped).
   */
  refused: 'invalid-state' | 'stale';
  message: string;
}

/** An error as an attempt records it. */
export interface AttemptError {
  message: string;
  code: string;
  providerStatus: number | null;
}

/** What can happen to an email. `at` is when (ISO); omitted, now. */
export type EmailEvent =
  /** A new email or draft is kept as a draft. */
  | { type: 'save-draft'; reason: string }
  /** A draft's content is replaced (it keeps its owner); `send` queues it at once. */
  | { type: 'edit-draft'; content: EmailRecord; send: boolean }
  /** Put on the outbox for a new dispatch: a new email, a draft sent, or send again. */
  | { type: 'queue'; reason: string; clearNotBefore?: boolean }
  /** A user stops a queued email. */
  | { type: 'cancel'; by: string }
  /** The outbox pointer of a queued email could not be stored: nothing is queued. */
  | { type: 'unqueue' }
  /** A sender starts an attempt (before the provider sees anything, ADR-0007 step 3). */
  | {
      type: 'start-attempt';
      generation: number;
      pointerSeq: number;
      dispatcherId: string;
    }
  /** The provider took the email. */
  | {
      type: 'sent';
      attempt: number;
      providerStatus: number | null;
      providerMessageId: string | null;
      response: string | null;
    }
  /** The attempt failed transiently; the next one is due at `nextAttemptAt`. */
  | { type: 'retry'; attempt: number; error: AttemptError; nextAttemptAt: string }
  /** The dispatch fails for good (permanent error, attempts used up, account unusable). */
  | {
      type: 'fail';
      generation: number;
      /** The attempt that ends with it, or null when none was started. */
      attempt: number | null;
      outcome: Attempt['outcome'];
      error: AttemptError;
      reason: string;
    };

/** The kinds of {@link EmailEvent}. */
export type EmailEventType = EmailEvent['type'];

/**
 * The statuses each event applies from. The event's own guard (generation,
 * pointer, recipients) is checked in {@link apply} after this.
 */
export const ALLOWED_FROM: Readonly<Record<EmailEventType, readonly EmailStatus[]>> = {
  'save-draft': ['draft'],
  'edit-draft': ['draft'],
  queue: ['draft', 'failed', 'cancelled'],
  cancel: ['queued'],
  unqueue: ['queued'],
  'start-attempt': ['queued', 'processing'],
  // The provider has the email: the record says so whatever happened meanwhile.
  sent: ['draft', 'queued', 'processing', 'sent', 'failed', 'cancelled'],
  retry: ['processing'],
  fail: ['queued', 'processing'],
};

/** True when a record is a refusal. */
export function isRefusal(result: EmailRecord | Refusal): result is Refusal {
  return 'refused' in result;
}

const clip = (text: string) => text.slice(0, 2048);

/** Appends a status change to a record (time + reason), returning the updated copy. */
export function withStatus(
  record: EmailRecord,
  status: EmailStatus,
  reason: string | null,
  at = new Date().toISOString(),
): EmailRecord {
  return {
    ...record,
    status,
    updatedAt: at,
    history: [...record.history, { status, at, reason: reason === null ? null : clip(reason) }],
  };
}

/**
 * True when an outbox pointer has nothing to do: the record is not on its way,
 * belongs to another dispatch generation, or another copy of this dispatch's
 * pointer claimed it. That copy stays in the stream until the record is final
 * (and is redelivered if its sender dies), so dropping this one loses nothing —
 * and an in-flight attempt is never taken for an interrupted one while its owner lives.
 */
export function stale(rec: EmailRecord, generation: number, seq: number): boolean {
  if ((rec.dispatch?.generation ?? 1) !== generation || !isActive(rec.status)) {
    return true;
  }
  const owner = rec.dispatch?.pointerSeq;
  return owner !== undefined && owner !== seq;
}

function closeAttempt(
  rec: EmailRecord,
  attempt: number,
  at: string,
  patch: Partial<Attempt>,
): Attempt[] {
  return rec.attempts.map((a) => (a.number === attempt ? { ...a, finishedAt: at, ...patch } : a));
}

function errorPatch(error: AttemptError): Partial<Attempt> {
  return {
    error: clip(error.message),
    errorCode: error.code,
    providerStatus: error.providerStatus,
  };
}

function refuseState(event: EmailEvent, rec: EmailRecord): Refusal {
  const s = rec.status;
  const invalid = (message: string): Refusal => ({ refused: 'invalid-state', message });
  switch (event.type) {
    case 'save-draft':
    case 'edit-draft':
      return invalid(`Only drafts can be edited; this email is ${s}.`);
    case 'queue':
      return invalid(`Only failed, cancelled or draft emails can be sent again; this one is ${s}.`);
    case 'cancel':
      return invalid(
        s === 'processing'
          ? 'The email is being sent right now and can no longer be cancelled.'
          : `Only queued emails can be cancelled; this one is ${s}.`,
      );
    default:
      return { refused: 'stale', message: `The email is ${s}; ${event.type} no longer applies.` };
  }
}

function startAttempt(
  cur: EmailRecord,
  event: Extract<EmailEvent, { type: 'start-attempt' }>,
  at: string,
): EmailRecord {
  const attempts: Attempt[] = cur.attempts.map((a) =>
    a.outcome === 'in-flight'
      ? {
          ...a,
          outcome: 'interrupted',
          finishedAt: at,
          error: 'The sender stopped before it finished (crash or restart); sent again.',
          errorCode: 'INTERRUPTED',
        }
      : a,
  );
  const number = attempts.length + 1;
  attempts.push({
    number,
    startedAt: at,
    finishedAt: null,
    outcome: 'in-flight',
    error: null,
    errorCode: null,
    providerStatus: null,
    dispatcherId: event.dispatcherId,
  });
  const reason =
    attempts.at(-2)?.outcome === 'interrupted'
      ? `Attempt ${number} (previous attempt interrupted)`
      : `Attempt ${number}`;
  return {
    ...withStatus(cur, 'processing', reason, at),
    attempts,
    nextAttemptAt: null,
    dispatch: {
      generation: event.generation,
      firstAttempt: cur.dispatch?.firstAttempt ?? 1,
      pointerSeq: event.pointerSeq,
    },
  };
}

/** Marks a record as queued for a new dispatch (generation + 1, attempts counted afresh). */
function queued(rec: EmailRecord, reason: string, at: string): EmailRecord {
  return {
    ...withStatus(rec, 'queued', reason, at),
    dispatch: {
      generation: (rec.dispatch?.generation ?? 0) + 1,
      firstAttempt: rec.attempts.length + 1,
    },
    nextAttemptAt: rec.notBefore,
    lastError: null,
  };
}

/**
 * Applies an event to a record: the record after it, or why it does not apply.
 * Pure: the same record, event and time always give the same answer.
 */
export function apply(
  cur: EmailRecord,
  event: EmailEvent,
  at = new Date().toISOString(),
): EmailRecord | Refusal {
  if (!ALLOWED_FROM[event.type].includes(cur.status)) {
    return refuseState(event, cur);
  }
  switch (event.type) {
    case 'save-draft':
      return withStatus(cur, 'draft', event.reason, at);
    case 'edit-draft': {
      // The draft keeps its owner (an editor with the right policy edits on the owner's behalf).
      const base: EmailRecord = {
        ...event.content,
        ownerUserId: cur.ownerUserId,
        ownerEmail: cur.ownerEmail,
        status: 'draft',
      };
      return event.send
        ? queued(base, 'Queued from draft', at)
        : withStatus(base, 'draft', 'Draft edited', at);
    }
    case 'queue': {
      if (cur.to.length + cur.cc.length + cur.bcc.length === 0) {
        return { refused: 'invalid-state', message: 'Add at least one recipient before sending.' };
      }
      return queued(event.clearNotBefore ? { ...cur, notBefore: null } : cur, event.reason, at);
    }
    case 'cancel':
      return {
        ...withStatus(cur, 'cancelled', `Sending cancelled by ${event.by}`, at),
        nextAttemptAt: null,
      };
    case 'unqueue':
      return {
        ...withStatus(cur, 'failed', 'The outbox was not reachable; send it again.', at),
        lastError: 'The outbox was not reachable.',
      };
    case 'start-attempt':
      if (stale(cur, event.generation, event.pointerSeq)) {
        return { refused: 'stale', message: 'Another dispatch or pointer owns the email.' };
      }
      return startAttempt(cur, event, at);
    case 'sent':
      return {
        ...withStatus(cur, 'sent', event.response ?? 'Sent', at),
        attempts: closeAttempt(cur, event.attempt, at, {
          outcome: 'sent',
          providerStatus: event.providerStatus,
        }),
        providerMessageId: event.providerMessageId,
        sentAt: at,
        lastError: null,
      };
    case 'retry':
      return {
        ...withStatus(cur, 'queued', `Retry at ${event.nextAttemptAt}: ${event.error.message}`, at),
        attempts: closeAttempt(cur, event.attempt, at, {
          outcome: 'transient-error',
          ...errorPatch(event.error),
        }),
        nextAttemptAt: event.nextAttemptAt,
        lastError: clip(event.error.message),
      };
    case 'fail':
      // The event may have been decided on an older copy: never fail an email that
      // was re-queued (another generation) meanwhile.
      if ((cur.dispatch?.generation ?? 1) !== event.generation) {
        return { refused: 'stale', message: 'The email was queued again meanwhile.' };
      }
      return {
        ...withStatus(cur, 'failed', event.reason, at),
        attempts:
          event.attempt === null
            ? cur.attempts
            : closeAttempt(cur, event.attempt, at, {
                outcome: event.outcome,
                ...errorPatch(event.error),
              }),
        nextAttemptAt: null,
        lastError: clip(event.reason),
      };
  }
}
