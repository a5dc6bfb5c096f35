import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { compose, createSmtpAccount, waitForStatus } from '../dispatcher/helpers';
import { SmtpSink, startStack } from '../harness';

async function until(what: string, check: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('SMTP connector - a send that timed out is aborted', () => {
  it('closes the connection at the time-out: the server never answers it and nothing is delivered', async () => {
    // The server holds every DATA for a minute and commits only with its answer.
    await using sink = await SmtpSink.start({ dataDelayMs: 60_000, commitOnReply: true });
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { SEND_TIMEOUT_MS: '500' } },
    });
    const account = await createSmtpAccount(stack, sink.port, {
      concurrencyLimit: 1,
      maxAttempts: 1,
    });
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Slow server',
      text: 'x',
      accountId: account.id,
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as EmailRecord;
    const failed = await waitForStatus(stack, queued.id, ['sent', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.attempts[0]?.errorCode).toBe('TIMEOUT');
    // The connection carrying it was closed with the time-out, long before the server's answer:
    // the send cannot finish later, and its lease is not outlived by an open delivery.
    await until('the server to see the client hang up', () => sink.receiving === 0);
    expect(sink.abandoned).toBe(1);
    expect(sink.messages).toHaveLength(0);
  });
});
