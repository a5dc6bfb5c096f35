import { describe, expect, it } from 'vitest';
import { isValidRequestId, REQUEST_ID_HEADER, requestIdFrom } from './request-context';

describe('request ids', () => {
  it('accepts short ids of safe characters only', () => {
    expect(isValidRequestId('abc-123_x.y:z=')).toBe(true);
    expect(isValidRequestId('a'.repeat(128))).toBe(true);
    expect(isValidRequestId('a'.repeat(129))).toBe(false);
    expect(isValidRequestId('')).toBe(false);
    expect(isValidRequestId('a b')).toBe(false);
    expect(isValidRequestId('a\nb')).toBe(false);
    expect(isValidRequestId(undefined)).toBe(false);
  });

  it('takes a valid carried id and makes one otherwise', () => {
    const carrying = (v: string) => ({ get: (k: string) => (k === REQUEST_ID_HEADER ? v : null) });
    expect(requestIdFrom(carrying('erp-7'))).toBe('erp-7');
    expect(requestIdFrom(carrying('bad id'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
