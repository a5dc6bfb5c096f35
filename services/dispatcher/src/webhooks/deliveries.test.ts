import { describe, expect, it } from 'vitest';
import { DeliveryKeys, deliveryId, MAX_ATTEMPTS_KEPT, withAttempt } from './deliveries';

describe('webhook delivery log', () => {
  it('makes ids that sort by time, the same for the same seed', () => {
    const a = deliveryId(new Date('2026-12-06T10:00:00Z'), 'status-1|ep');
    const b = deliveryId(new Date('2026-12-06T10:00:01Z'), 'status-0|ep');
    expect(a < b).toBe(true);
    expect(deliveryId(new Date('2026-12-06T10:00:00Z'), 'status-1|ep')).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(deliveryId(new Date())).not.toBe(deliveryId(new Date()));
  });

  it('keys every record under its company and endpoint', () => {
    expect(DeliveryKeys.delivery('acme', 'ep-1', 'x1')).toBe('acme.ep-1.d.x1');
    expect(DeliveryKeys.health('acme', 'ep-1')).toBe('acme.ep-1.health');
    expect(() => DeliveryKeys.delivery('acme', 'ep.*', 'x1')).toThrow();
  });

  it('keeps only the newest attempts', () => {
    let attempts = withAttempt([], {
      attempt: 1,
      at: '',
      responseCode: 500,
      durationMs: 1,
      succeeded: false,
      error: 'HTTP 500',
      responseExcerpt: null,
    });
    for (let i = 2; i <= 30; i++) {
      attempts = withAttempt(attempts, { ...(attempts[0] as (typeof attempts)[0]), attempt: i });
    }
    expect(attempts).toHaveLength(MAX_ATTEMPTS_KEPT);
    expect(attempts.at(-1)?.attempt).toBe(30);
  });
});
