import { describe, expect, it } from 'vitest';
import { assertToken, Subjects } from './subjects';

describe('subjects', () => {
  it('builds data-bearing subjects from safe tokens only', () => {
    expect(Subjects.outbox('cronus', 'acc-1')).toBe('verzend.outbox.cronus.acc-1');
    expect(Subjects.event('cronus', 'sales-invoice')).toBe(
      'verzend.events.cronus.sales-invoice.posted',
    );
    for (const bad of ['a.b', '*', '>', '', 'a b', 'x'.repeat(65)]) {
      expect(() => assertToken(bad)).toThrow(TypeError);
      expect(() => Subjects.telemetry(bad, 'email-sent')).toThrow(TypeError);
    }
  });
});
