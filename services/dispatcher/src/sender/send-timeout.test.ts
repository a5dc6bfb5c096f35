import { describe, expect, it } from 'vitest';
import { sendWithin } from './send-timeout';

describe('sendWithin', () => {
  it('answers what the send answers in time, and leaves its signal alone', async () => {
    let seen: AbortSignal | undefined;
    const result = await sendWithin(1_000, async (signal) => {
      seen = signal;
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(seen?.aborted).toBe(false);
  });

  it('at the time-out aborts the send and fails with a retryable TIMEOUT without waiting for it', async () => {
    let seen: AbortSignal | undefined;
    const began = Date.now();
    const err = await sendWithin(50, (signal) => {
      seen = signal;
      // A send that ignores its signal still cannot hold the attempt past the time-out.
      return new Promise<string>((resolve) => setTimeout(() => resolve('late'), 2_000));
    }).catch((e: unknown) => e);
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(err).toMatchObject({ code: 'TIMEOUT', retry: true });
    expect(seen?.aborted).toBe(true);
  });
});
