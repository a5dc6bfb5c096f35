import type { EmailRecord, EmailStatus } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { ALLOWED_FROM, apply, type EmailEvent, isRefusal, type Refusal, stale } from './lifecycle';
import { isActive, isFinal, STATUS_TABLE } from './status';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:01:00.000Z';

function record(over: Partial<EmailRecord> = {}): EmailRecord {
  return {
    id: '00000000000000000000abcd',
    company: 'cronus',
    status: 'draft',
    messageId: '<x@cronus.example>',
    accountId: 'acc1',
    connector: 'smtp',
    scenario: 'default',
    sendFrom: 'sales@cronus.example',
    ownerUserId: 'u1',
    ownerEmail: 'u1@cronus.example',
    from: null,
    to: [{ address: 'a@example.com' }],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: 'Invoice',
    htmlBody: null,
    textBody: null,
    attachments: [],
    headers: {},
    relatedRecords: [],
    notBefore: null,
    nextAttemptAt: null,
    attempts: [],
    history: [],
    lastError: null,
    providerMessageId: null,
    sourceEventId: null,
    createdAt: AT,
    updatedAt: AT,
    sentAt: null,
    dispatch: { generation: 0, firstAttempt: 1 },
    ...over,
  };
}

function ok(result: EmailRecord | Refusal): EmailRecord {
  if (isRefusal(result)) {
    throw new Error(`expected a record, got ${result.refused}: ${result.message}`);
  }
  return result;
}

const start = (generation: number, pointerSeq: number, dispatcherId = 'd1'): EmailEvent => ({
  type: 'start-attempt',
  generation,
  pointerSeq,
  dispatcherId,
});
const boom = { message: 'try later', code: 'UNAVAILABLE', providerStatus: 421 };

describe('status table', () => {
  it('says once which statuses are on their way and which are over', () => {
    const all = Object.keys(STATUS_TABLE) as EmailStatus[];
    expect(all.filter(isActive).sort()).toEqual(['processing', 'queued']);
    expect(all.filter(isFinal).sort()).toEqual(['cancelled', 'failed', 'sent']);
    // A draft is neither: not on its way, yet nothing ended.
    expect(isActive('draft') || isFinal('draft')).toBe(false);
  });
});

describe('email lifecycle', () => {
  it('queues a draft for a new dispatch: generation + 1, attempts counted from the next', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    expect(q).toMatchObject({
      status: 'queued',
      dispatch: { generation: 1, firstAttempt: 1 },
      lastError: null,
    });
    expect(q.history).toEqual([{ status: 'queued', at: AT, reason: 'Queued' }]);
  });

  it('walks queued → processing → sent, recording the attempt before the provider sees it', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    const p = ok(apply(q, start(1, 7), AT));
    expect(p.status).toBe('processing');
    expect(p.dispatch).toEqual({ generation: 1, firstAttempt: 1, pointerSeq: 7 });
    expect(p.attempts).toMatchObject([{ number: 1, outcome: 'in-flight', dispatcherId: 'd1' }]);
    const s = ok(
      apply(
        p,
        {
          type: 'sent',
          attempt: 1,
          providerStatus: 250,
          providerMessageId: 'pm1',
          response: '250 OK',
        },
        LATER,
      ),
    );
    expect(s).toMatchObject({ status: 'sent', sentAt: LATER, providerMessageId: 'pm1' });
    expect(s.attempts).toMatchObject([{ outcome: 'sent', finishedAt: LATER, providerStatus: 250 }]);
    expect(s.history.map((h) => h.status)).toEqual(['queued', 'processing', 'sent']);
  });

  it('takes an in-flight attempt found on starting for an interrupted one', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    const p1 = ok(apply(q, start(1, 7, 'd1'), AT));
    const p2 = ok(apply(p1, start(1, 7, 'd2'), LATER));
    expect(p2.attempts).toMatchObject([
      { number: 1, outcome: 'interrupted', errorCode: 'INTERRUPTED', finishedAt: LATER },
      { number: 2, outcome: 'in-flight', dispatcherId: 'd2' },
    ]);
    expect(p2.history.at(-1)?.reason).toBe('Attempt 2 (previous attempt interrupted)');
  });

  it('drops a start by another generation or another copy of the pointer as stale', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    expect(apply(q, start(2, 7), AT)).toMatchObject({ refused: 'stale' });
    const p = ok(apply(q, start(1, 7), AT));
    expect(apply(p, start(1, 8), AT)).toMatchObject({ refused: 'stale' });
    expect(stale(p, 1, 7)).toBe(false);
    expect(stale(p, 1, 8)).toBe(true);
  });

  it('never starts a draft or a finished email', () => {
    for (const status of ['draft', 'sent', 'failed', 'cancelled'] as const) {
      const r = record({ status, dispatch: { generation: 1, firstAttempt: 1 } });
      expect(apply(r, start(1, 1), AT)).toMatchObject({ refused: 'stale' });
      expect(stale(r, 1, 1)).toBe(true);
    }
  });

  it('puts a transient failure back in the queue with its due time, closing the attempt', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    const p = ok(apply(q, start(1, 7), AT));
    const r = ok(apply(p, { type: 'retry', attempt: 1, error: boom, nextAttemptAt: LATER }, AT));
    expect(r).toMatchObject({ status: 'queued', nextAttemptAt: LATER, lastError: 'try later' });
    expect(r.attempts).toMatchObject([
      { outcome: 'transient-error', errorCode: 'UNAVAILABLE', providerStatus: 421 },
    ]);
    // Still the same dispatch: the next start keeps counting attempts from its first.
    expect(ok(apply(r, start(1, 7), LATER)).attempts).toHaveLength(2);
  });

  it('fails only the dispatch it was decided for', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    const fail = (generation: number): EmailEvent => ({
      type: 'fail',
      generation,
      attempt: null,
      outcome: 'permanent-error',
      error: boom,
      reason: 'no',
    });
    expect(ok(apply(q, fail(1), AT))).toMatchObject({ status: 'failed', lastError: 'no' });
    expect(apply(q, fail(0), AT)).toMatchObject({ refused: 'stale' });
    const cancelled = ok(apply(q, { type: 'cancel', by: 'u1' }, AT));
    expect(apply(cancelled, fail(1), AT)).toMatchObject({ refused: 'stale' });
  });

  it('lets users cancel only queued emails and send again only failed, cancelled or drafts', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    const p = ok(apply(q, start(1, 7), AT));
    expect(apply(p, { type: 'cancel', by: 'u1' }, AT)).toEqual({
      refused: 'invalid-state',
      message: 'The email is being sent right now and can no longer be cancelled.',
    });
    const c = ok(apply(q, { type: 'cancel', by: 'u1' }, AT));
    expect(c).toMatchObject({ status: 'cancelled', nextAttemptAt: null });
    expect(apply(p, { type: 'queue', reason: 'again' }, AT)).toMatchObject({
      refused: 'invalid-state',
    });
    const again = ok(apply(c, { type: 'queue', reason: 'again', clearNotBefore: true }, AT));
    expect(again.dispatch).toEqual({ generation: 2, firstAttempt: 1 });
  });

  it('refuses to queue an email without recipients', () => {
    const r = record({ to: [] });
    expect(apply(r, { type: 'queue', reason: 'Queued' }, AT)).toEqual({
      refused: 'invalid-state',
      message: 'Add at least one recipient before sending.',
    });
  });

  it('edits a draft keeping its owner, and sends it when asked', () => {
    const draft = record();
    const content = record({ subject: 'New', ownerUserId: 'editor', ownerEmail: null });
    const edited = ok(apply(draft, { type: 'edit-draft', content, send: false }, AT));
    expect(edited).toMatchObject({ status: 'draft', subject: 'New', ownerUserId: 'u1' });
    const sent = ok(apply(draft, { type: 'edit-draft', content, send: true }, AT));
    expect(sent).toMatchObject({ status: 'queued', dispatch: { generation: 1 } });
    expect(
      apply(record({ status: 'sent' }), { type: 'edit-draft', content, send: false }, AT),
    ).toMatchObject({ refused: 'invalid-state' });
  });

  it('marks a queued email whose pointer could not be stored as failed', () => {
    const q = ok(apply(record(), { type: 'queue', reason: 'Queued' }, AT));
    expect(ok(apply(q, { type: 'unqueue' }, AT))).toMatchObject({
      status: 'failed',
      lastError: 'The outbox was not reachable.',
    });
  });

  it('decides every event from every status without throwing', () => {
    const events: EmailEvent[] = [
      { type: 'save-draft', reason: 'x' },
      { type: 'edit-draft', content: record(), send: false },
      { type: 'queue', reason: 'x' },
      { type: 'cancel', by: 'u' },
      { type: 'unqueue' },
      start(1, 1),
      { type: 'sent', attempt: 1, providerStatus: null, providerMessageId: null, response: null },
      { type: 'retry', attempt: 1, error: boom, nextAttemptAt: LATER },
      {
        type: 'fail',
        generation: 1,
        attempt: 1,
        outcome: 'permanent-error',
        error: boom,
        reason: 'x',
      },
    ];
    for (const status of Object.keys(STATUS_TABLE) as EmailStatus[]) {
      for (const event of events) {
        const r = record({ status, dispatch: { generation: 1, firstAttempt: 1 } });
        const result = apply(r, event, AT);
        const allowed = ALLOWED_FROM[event.type].includes(status);
        if (!allowed) {
          expect(isRefusal(result), `${event.type} from ${status}`).toBe(true);
        }
        // Pure: the input record is never changed.
        expect(r.status).toBe(status);
      }
    }
  });
});
