import { describe, expect, it } from 'vitest';
import { eventEmailId, newEmailId } from './ids';

describe('eventEmailId', () => {
  const at = '2026-11-20T09:15:00.000Z';

  it('names the same email for the same company and event, however often it is asked', () => {
    expect(eventEmailId('cronus', 'SI-103045-1', at)).toBe(
      eventEmailId('cronus', 'SI-103045-1', at),
    );
  });

  it('differs by company and by event', () => {
    const id = eventEmailId('cronus', 'SI-1', at);
    expect(eventEmailId('fabrikam', 'SI-1', at)).not.toBe(id);
    expect(eventEmailId('cronus', 'SI-2', at)).not.toBe(id);
    // The separator keeps "ab"+"c" and "a"+"bc" apart.
    expect(eventEmailId('ab', 'c', at)).not.toBe(eventEmailId('a', 'bc', at));
  });

  it('sorts by the time the event was received, like random ids do', () => {
    const earlier = eventEmailId('cronus', 'z', '2026-11-20T09:15:00.000Z');
    const later = eventEmailId('cronus', 'a', '2026-11-20T09:15:00.001Z');
    expect(earlier < later).toBe(true);
    expect(newEmailId(Date.parse(at)).slice(0, 9)).toBe(eventEmailId('c', 'e', at).slice(0, 9));
    expect(eventEmailId('cronus', 'SI-1', at)).toMatch(/^[0-9a-z]{9}[0-9a-f]{16}$/);
  });

  it('without a receipt time the time part is zero, still deterministic', () => {
    expect(eventEmailId('cronus', 'SI-1')).toMatch(/^0{9}[0-9a-f]{16}$/);
    expect(eventEmailId('cronus', 'SI-1', 'not a date')).toBe(eventEmailId('cronus', 'SI-1'));
  });
});
