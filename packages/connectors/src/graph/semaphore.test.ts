import { describe, expect, it } from 'vitest';
import { MailboxSemaphores } from './semaphore';

describe('MailboxSemaphores', () => {
  it('lets at most N in per mailbox, case-insensitively, and serves waiters in order', async () => {
    const s = new MailboxSemaphores(2);
    const a = await s.acquire('A@x.example');
    const b = await s.acquire('a@x.example');
    const order: string[] = [];
    const c = s.acquire('a@X.example').then((r) => {
      order.push('c');
      return r;
    });
    const d = s.acquire('a@x.example').then((r) => {
      order.push('d');
      return r;
    });
    const other = await s.acquire('b@x.example');
    expect(s.active('a@x.example')).toBe(2);
    a();
    a(); // a second release of the same slot is ignored
    const rc = await c;
    expect(order).toEqual(['c']);
    b();
    const rd = await d;
    expect(order).toEqual(['c', 'd']);
    expect(s.active('a@x.example')).toBe(2);
    rc();
    rd();
    other();
    expect(s.active('a@x.example')).toBe(0);
  });

  it('drops an aborted waiter', async () => {
    const s = new MailboxSemaphores(1);
    const a = await s.acquire('m');
    const controller = new AbortController();
    const waiting = s.acquire('m', controller.signal);
    controller.abort(new Error('shutdown'));
    await expect(waiting).rejects.toThrow('shutdown');
    a();
    expect(s.active('m')).toBe(0);
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new MailboxSemaphores(0)).toThrow(RangeError);
  });
});
