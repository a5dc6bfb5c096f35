import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { countOf, monthsOf } from './counters';

const rec = (status: EmailRecord['status'], at = '2026-12-06T10:00:00.000Z') =>
  ({ status, updatedAt: at, sentAt: status === 'sent' ? at : null }) as EmailRecord;

describe('activity counting', () => {
  it('counts a change into sent or failed once, on its day', () => {
    expect(countOf(rec('processing'), rec('sent'))).toEqual({ key: 'sent', day: '2026-12-06' });
    expect(countOf(rec('processing'), rec('failed'))).toEqual({ key: 'failed', day: '2026-12-06' });
    expect(countOf(rec('sent'), rec('sent'))).toBeNull();
    expect(countOf(rec('queued'), rec('processing'))).toBeNull();
    expect(countOf(rec('processing'), rec('queued'))).toBeNull();
  });

  it('lists the months a day range touches', () => {
    expect(monthsOf('2026-11-20', '2027-01-03')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(monthsOf('2026-12-01', '2026-12-31')).toEqual(['2026-12']);
  });
});
