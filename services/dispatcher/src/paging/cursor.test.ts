import { ValidationError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('listing cursors', () => {
  it('gives back the position it was made from', () => {
    expect(decodeCursor(encodeCursor('em_01HZX'))).toBe('em_01HZX');
    const position = '2026-12-07T06:00:00.000Z|evt-1';
    expect(decodeCursor(encodeCursor(position), (p) => p.includes('|'))).toBe(position);
  });

  it('refuses a cursor it did not issue with a 400 on the cursor field', () => {
    for (const bad of [
      'nonsense',
      '',
      Buffer.from('{"after":1}').toString('base64url'),
      Buffer.from('not json').toString('base64url'),
      encodeCursor('has spaces'),
      encodeCursor('x'.repeat(65)),
    ]) {
      let caught: unknown;
      try {
        decodeCursor(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).errors?.[0]?.path).toBe('cursor');
    }
  });

  it('refuses a position its listing does not accept', () => {
    expect(() => decodeCursor(encodeCursor('em_1'), (p) => p.includes('|'))).toThrow(
      ValidationError,
    );
  });
});
