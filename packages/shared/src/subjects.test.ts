import { describe, expect, it } from 'vitest';
import { assertToken, erpStatusConsumer, Subjects, statusMessageId } from './subjects';

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

  it('builds status subjects of one company and kind, and nothing wider', () => {
    expect(Subjects.status('cronus', 'email.sent')).toBe('verzend.status.cronus.email.sent');
    expect(Subjects.statusOf('cronus')).toBe('verzend.status.cronus.>');
    expect(statusMessageId('cronus', 'em1:3')).toBe('cronus.em1:3');
    expect(erpStatusConsumer('cronus')).toBe('erp-cronus');
    for (const kind of ['email', 'email.*', 'email.>', 'event.sent.x', 'other.sent', '>']) {
      expect(() => Subjects.status('cronus', kind)).toThrow(TypeError);
    }
    expect(() => Subjects.status('*', 'email.sent')).toThrow(TypeError);
    expect(() => Subjects.statusOf('a.b')).toThrow(TypeError);
  });
});
