import { type Attempt, type EmailRecord, StatusUpdate } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../intake/store';
import { emailUpdate, eventUpdate, followEmail } from './mapping';

const T0 = '2026-11-27T09:00:00.000Z';

/** An email made from event SI-1 for invoice 103045, with the given history. */
function email(statuses: EmailRecord['status'][], patch: Partial<EmailRecord> = {}): EmailRecord {
  return {
    id: 'em1',
    company: 'cronus',
    status: statuses.at(-1) ?? 'queued',
    messageId: '<em1@cronus.example>',
    accountId: 'sales',
    connector: 'smtp',
    relatedRecords: [
      { recordType: 'sales-invoice', recordId: '103045', relation: 'primary-source' },
      { recordType: 'customer', recordId: '10000', relation: 'related-entity' },
    ],
    nextAttemptAt: null,
    attempts: [],
    history: statuses.map((status, i) => ({
      status,
      at: `2026-11-27T09:00:0${i}.000Z`,
      reason: null,
    })),
    lastError: null,
    providerMessageId: null,
    sourceEventId: 'SI-1',
    updatedAt: T0,
    sentAt: null,
    ...patch,
  } as EmailRecord;
}

function attempt(
  number: number,
  outcome: Attempt['outcome'],
  errorCode: string | null = null,
): Attempt {
  return {
    number,
    startedAt: T0,
    finishedAt: outcome === 'in-flight' ? null : T0,
    outcome,
    error: errorCode ? `${errorCode} happened` : null,
    errorCode,
    providerStatus: null,
    dispatcherId: 'd1',
  };
}

function event(status: StoredEvent['status'], patch: Partial<StoredEvent> = {}): StoredEvent {
  return {
    eventId: 'SI-1',
    company: 'cronus',
    documentType: 'sales-invoice',
    documentNo: '103045',
    status,
    reason: null,
    errorCode: null,
    emailId: null,
    attempts: 1,
    receivedAt: T0,
    updatedAt: T0,
    claimSeq: null,
    sourceSeq: 7,
    ...patch,
  };
}

describe('email status changes', () => {
  it('announce each status of a sent email once, under ids that count its changes', () => {
    const queued = emailUpdate(email(['queued']));
    const sending = emailUpdate(
      email(['queued', 'processing'], { attempts: [attempt(1, 'in-flight')] }),
    );
    const sent = emailUpdate(
      email(['queued', 'processing', 'sent'], {
        attempts: [attempt(1, 'sent')],
        providerMessageId: '250 Ok: queued as 4Xk2',
        sentAt: T0,
      }),
    );
    expect([queued, sending, sent].map((u) => [u?.id, u?.kind, u?.attempt])).toEqual([
      ['em1:1', 'email.queued', undefined],
      ['em1:2', 'email.sending', 1],
      ['em1:3', 'email.sent', 1],
    ]);
    expect(sent).toEqual({
      id: 'em1:3',
      kind: 'email.sent',
      company: 'cronus',
      at: '2026-11-27T09:00:02.000Z',
      eventId: 'SI-1',
      documentType: 'sales-invoice',
      documentNo: '103045',
      emailId: 'em1',
      accountId: 'sales',
      attempt: 1,
      messageId: '<em1@cronus.example>',
      providerMessageId: '250 Ok: queued as 4Xk2',
    });
    // Every announcement fits the published contract.
    for (const u of [queued, sending, sent]) {
      expect(StatusUpdate.safeParse(u).success).toBe(true);
    }
  });

  it('tells a scheduled retry from a fresh queue, with the failed attempt as the reason', () => {
    const retrying = emailUpdate(
      email(['queued', 'processing', 'queued'], {
        attempts: [attempt(1, 'transient-error', 'PROVIDER_TEMPORARY_FAILURE')],
        nextAttemptAt: '2026-11-27T09:01:00.000Z',
        lastError: '451 try later',
      }),
    );
    expect(retrying).toMatchObject({
      kind: 'email.retrying',
      attempt: 1,
      error: { code: 'PROVIDER_TEMPORARY_FAILURE', text: 'PROVIDER_TEMPORARY_FAILURE happened' },
    });
    // Sent again after failing: queued afresh, not a retry.
    const again = emailUpdate(
      email(['queued', 'processing', 'failed', 'queued'], {
        attempts: [attempt(1, 'permanent-error', 'MAILBOX_UNAVAILABLE')],
      }),
    );
    expect(again).toMatchObject({ id: 'em1:4', kind: 'email.queued' });
    expect(again?.error).toBeUndefined();
  });

  it('gives a failure its code and the record reason; a failure without an attempt is unclassified', () => {
    const failed = emailUpdate(
      email(['queued', 'processing', 'failed'], {
        attempts: [attempt(1, 'permanent-error', 'RECIPIENT_REJECTED')],
        lastError: '550 5.1.1 No such user',
      }),
    );
    expect(failed).toMatchObject({
      kind: 'email.failed',
      attempt: 1,
      error: { code: 'RECIPIENT_REJECTED', text: '550 5.1.1 No such user' },
    });
    expect(
      emailUpdate(email(['queued', 'failed'], { lastError: 'The account can no longer be used' })),
    ).toMatchObject({
      error: { code: 'DELIVERY_FAILED', text: 'The account can no longer be used' },
    });
  });

  it('announces cancelled and draft emails, and leaves out event fields for composed ones', () => {
    const cancelled = emailUpdate(email(['queued', 'cancelled']));
    expect(cancelled).toMatchObject({ kind: 'email.cancelled', error: { code: 'CANCELLED' } });
    const draft = emailUpdate(email(['draft'], { sourceEventId: null }));
    expect(draft).toMatchObject({ kind: 'email.draft', emailId: 'em1' });
    expect(draft).not.toHaveProperty('eventId');
    expect(draft).not.toHaveProperty('documentNo');
    expect(emailUpdate(email([]))).toBeNull();
  });
});

describe('event status changes', () => {
  it('announce received once per run, however the event arrived', () => {
    // Over HTTP: received, then claimed by the intake — one id for both.
    expect(eventUpdate(event('received', { attempts: 0 }))?.id).toBe('SI-1:event.received:1');
    expect(eventUpdate(event('processing'))?.id).toBe('SI-1:event.received:1');
    // A transient failure waiting for its retry announces nothing new.
    expect(eventUpdate(event('processing', { attempts: 2 }))).toBeNull();
    // A person's retry of a failed event is a new run.
    expect(eventUpdate(event('received', { attempts: 2 }))?.id).toBe('SI-1:event.received:3');
  });

  it('announce the outcomes with the email and the reason', () => {
    expect(eventUpdate(event('rendered'))).toMatchObject({ kind: 'event.rendered' });
    expect(eventUpdate(event('rendered'))).not.toHaveProperty('emailId');
    const queued = eventUpdate(event('queued', { emailId: 'em1', messageId: '<em1@x>' }));
    expect(queued).toMatchObject({
      id: 'SI-1:event.queued:1',
      kind: 'event.queued',
      emailId: 'em1',
      messageId: '<em1@x>',
      documentType: 'sales-invoice',
      documentNo: '103045',
    });
    expect(
      eventUpdate(event('skipped', { reason: 'Document sending profile NO does not email' })),
    ).toMatchObject({ kind: 'event.skipped', error: { code: 'SKIPPED' } });
    expect(
      eventUpdate(event('failed', { errorCode: 'NOT_FOUND', reason: 'No report selection' })),
    ).toMatchObject({
      kind: 'event.failed',
      error: { code: 'NOT_FOUND', text: 'No report selection' },
    });
    const followed = eventUpdate(
      event('sent', { emailId: 'em1', providerMessageId: 'p1', followSeq: 3 }),
    );
    expect(followed).toMatchObject({ id: 'SI-1:event.sent:1-3', providerMessageId: 'p1' });
    for (const s of [
      'received',
      'rendered',
      'queued',
      'sent',
      'failed',
      'skipped',
      'draft',
    ] as const) {
      expect(StatusUpdate.safeParse(eventUpdate(event(s))).success, s).toBe(true);
    }
  });
});

describe('an event record follows its email', () => {
  const sentEmail = email(['queued', 'processing', 'sent'], {
    attempts: [attempt(1, 'sent')],
    providerMessageId: 'p1',
    sentAt: T0,
  });

  it('to sent, with Message-ID and provider id, once', () => {
    const decision = followEmail(event('queued', { emailId: 'em1' }), sentEmail);
    expect(decision).not.toBe('none');
    const next = (decision as { next: StoredEvent }).next;
    expect(next).toMatchObject({
      status: 'sent',
      messageId: '<em1@cronus.example>',
      providerMessageId: 'p1',
      sentAt: T0,
      lastError: null,
      followSeq: 3,
    });
    expect(followEmail(next, sentEmail)).toBe('none');
  });

  it('to failed with the email reason, and back to queued when the email is sent again', () => {
    const failedEmail = email(['queued', 'processing', 'failed'], {
      attempts: [attempt(1, 'permanent-error', 'RECIPIENT_REJECTED')],
      lastError: '550 No such user',
    });
    const failed = followEmail(event('queued', { emailId: 'em1' }), failedEmail);
    const next = (failed as { next: StoredEvent }).next;
    expect(next).toMatchObject({
      status: 'failed',
      errorCode: 'RECIPIENT_REJECTED',
      reason: '550 No such user',
      lastError: { code: 'RECIPIENT_REJECTED', text: '550 No such user' },
    });
    const requeued = followEmail(next, email(['queued', 'processing', 'failed', 'queued']));
    expect(requeued).toMatchObject({ next: { status: 'queued', lastError: null } });
    // An older change arriving late changes nothing.
    expect(followEmail({ ...next, followSeq: 5 }, failedEmail)).toBe('none');
  });

  it('waits while the intake has not recorded the outcome, and ignores other emails and skips', () => {
    expect(followEmail(event('rendered'), sentEmail)).toBe('wait');
    expect(followEmail(event('processing'), sentEmail)).toBe('wait');
    expect(followEmail(event('rendered'), email(['queued']))).toBe('none');
    expect(followEmail(event('queued', { emailId: 'other' }), sentEmail)).toBe('none');
    expect(followEmail(event('skipped'), sentEmail)).toBe('none');
    expect(followEmail(event('queued', { emailId: 'em1' }), email(['queued']))).toBe('none');
    // A draft the user sends: the event follows it.
    expect(
      followEmail(event('draft', { emailId: 'em1' }), email(['draft', 'queued'])),
    ).toMatchObject({ next: { status: 'queued' } });
  });
});
