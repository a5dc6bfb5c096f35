import { describe, expect, it } from 'vitest';
import { precheckCompose } from './validate';

const code = (raw: unknown) => {
  try {
    precheckCompose(raw);
    return null;
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('compose pre-checks', () => {
  it('passes a good email', () => {
    expect(
      code({ to: ['a@b.example', { address: 'c@d.example', name: 'C' }], subject: 'x' }),
    ).toBeNull();
  });
  it('names each mistake', () => {
    expect(code({ to: ['nope'] })).toBe('INVALID_ADDRESS');
    expect(code({ cc: [{ address: 'a@b', name: 'x' }] })).toBe('INVALID_ADDRESS');
    expect(code({ to: ['a@b.example'], subject: 'a\nb' })).toBe('HEADER_INJECTION');
    expect(code({ to: ['a@b.example\r\nBcc: x@y.example'] })).toBe('HEADER_INJECTION');
    expect(code({ headers: { 'X-A': 'v\r\n' } })).toBe('HEADER_INJECTION');
    expect(code({ attachments: [{ fileName: 'a\r\n.pdf' }] })).toBe('HEADER_INJECTION');
    expect(
      code({
        to: Array.from({ length: 300 }, (_, i) => `a${i}@b.example`),
        bcc: Array.from({ length: 201 }, (_, i) => `c${i}@b.example`),
      }),
    ).toBe('TOO_MANY_RECIPIENTS');
  });
  it('leaves other shapes to the schema', () => {
    expect(code('not an object')).toBeNull();
    expect(code({ to: 'a@b.example' })).toBeNull();
  });
});
