import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { stale } from './deliver';

function record(status: EmailRecord['status'], dispatch: EmailRecord['dispatch']): EmailRecord {
  return { status, dispatch } as EmailRecord;
}

describe('stale outbox pointers', () => {
  it('a queued dispatch nobody claimed yet is for this pointer', () => {
    expect(stale(record('queued', { generation: 1, firstAttempt: 1 }), 1, 10)).toBe(false);
  });

  it('another copy of the same dispatch that claimed it owns it; this copy is dropped', () => {
    const claimed = { generation: 1, firstAttempt: 1, pointerSeq: 10 };
    expect(stale(record('processing', claimed), 1, 11)).toBe(true);
    expect(stale(record('queued', claimed), 1, 11)).toBe(true);
  });

  it('the owning pointer redelivered (its sender died) takes the dispatch up again', () => {
    const claimed = { generation: 1, firstAttempt: 1, pointerSeq: 10 };
    expect(stale(record('processing', claimed), 1, 10)).toBe(false);
  });

  it('an earlier generation or a final record is stale', () => {
    expect(stale(record('queued', { generation: 2, firstAttempt: 3 }), 1, 10)).toBe(true);
    expect(stale(record('sent', { generation: 1, firstAttempt: 1 }), 1, 10)).toBe(true);
    expect(stale(record('cancelled', { generation: 1, firstAttempt: 1 }), 1, 10)).toBe(true);
  });
});
