/**
 * At most N concurrent Graph requests per mailbox in this process (Exchange
 * Online allows 4 per mailbox; more only earns 429s). Waiters are served in
 * arrival order; an aborted waiter leaves the queue.
 * @module
 */

interface Gate {
  active: number;
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

/** Per-mailbox counting semaphores, created on first use and dropped when idle. */
export class MailboxSemaphores {
  readonly limit: number;
  readonly #gates = new Map<string, Gate>();

  constructor(limit = 4) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError('The per-mailbox concurrency limit must be a positive integer.');
    }
    this.limit = limit;
  }

  /** Waits for a slot for `mailbox`; returns the function that frees it (call exactly once). */
  async acquire(mailbox: string, signal?: AbortSignal): Promise<() => void> {
    const key = mailbox.toLowerCase();
    let gate = this.#gates.get(key);
    if (!gate) {
      gate = { active: 0, waiters: [] };
      this.#gates.set(key, gate);
    }
    const g = gate;
    if (g.active < this.limit) {
      g.active++;
    } else {
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          reject,
        };
        const onAbort = () => {
          g.waiters.splice(g.waiters.indexOf(waiter), 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        g.waiters.push(waiter);
      });
    }
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = g.waiters.shift();
      if (next) {
        // The slot passes straight to the next waiter: `active` stays the same.
        next.resolve();
        return;
      }
      g.active--;
      if (g.active === 0) {
        this.#gates.delete(key);
      }
    };
  }

  /** Requests in flight for a mailbox (for metrics and tests). */
  active(mailbox: string): number {
    return this.#gates.get(mailbox.toLowerCase())?.active ?? 0;
  }
}
