import { describe, expect, it } from 'vitest';
import { mailSafeBody } from './compose-body';

describe('mailSafeBody', () => {
  it('sanitises every body, the same way the second time (kept by hash), and derives text only when missing', () => {
    const html = '<p onclick="x()">Dear customer</p><script>alert(1)</script>';
    const first = mailSafeBody<{ html: string; text?: string }>({ html });
    const second = mailSafeBody({ html, text: 'Own text' });
    expect(first.html).not.toMatch(/script|onclick/);
    expect(first.html).toContain('Dear customer');
    expect(first.text).toContain('Dear customer');
    expect(second.html).toBe(first.html);
    expect(second.text).toBe('Own text');
    // Another body is not served from the first one's entry.
    expect(mailSafeBody({ html: '<p>Other</p>' }).html).toContain('Other');
  });
});
