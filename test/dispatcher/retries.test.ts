import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

const fast = { serviceEnv: { dispatcher: { BASE_BACKOFF_MS: '100', MAX_BACKOFF_MS: '400' } } };

describe('dispatcher - retries and failures', () => {
  it('retries a 451 deferral with backoff and then sends (two attempts on record)', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'], ...fast });
    const account = await createSmtpAccount(stack, sink.port);
    sink.script('flaky@fabrikam.example', {
      code: 451,
      message: '4.3.0 Temporary failure, try later',
    });
    const res = await compose(stack, {
      to: ['flaky@fabrikam.example'],
      subject: 'Retry me',
      text: 'x',
      accountId: account.id,
    });
    const { id } = (await res.json()) as EmailRecord;
    const sent = await waitForStatus(stack, id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    expect(sent.attempts.map((a) => a.outcome)).toEqual(['transient-error', 'sent']);
    expect(sent.attempts[0]?.providerStatus).toBe(451);
    // A temporary failure is named as such, not as throttling or a rejected recipient.
    expect(sent.attempts[0]?.errorCode).toBe('PROVIDER_TEMPORARY_FAILURE');
    expect(sent.history.map((h) => h.status)).toEqual([
      'queued',
      'processing',
      'queued',
      'processing',
      'sent',
    ]);
    expect(sink.messages).toHaveLength(1);
  });

  it('a 421 on a reused connection is an attempt on record with the reply, then the retry sends', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'], ...fast });
    const account = await createSmtpAccount(stack, sink.port);
    const first = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Opens the connection',
      text: 'x',
      accountId: account.id,
    });
    await waitForStatus(stack, ((await first.json()) as EmailRecord).id, ['sent']);
    sink.scriptMailFrom({ code: 421, message: '4.4.2 Connection dropped, closing' });
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Meets the 421',
      text: 'x',
      accountId: account.id,
    });
    const sent = await waitForStatus(stack, ((await res.json()) as EmailRecord).id, [
      'sent',
      'failed',
    ]);
    expect(sent.status).toBe('sent');
    expect(sent.attempts.map((a) => a.outcome)).toEqual(['transient-error', 'sent']);
    expect(sent.attempts[0]).toMatchObject({ providerStatus: 421, errorCode: 'UNAVAILABLE' });
    expect(sent.attempts[0]?.error).toContain('4.4.2 Connection dropped');
    expect(sink.messages).toHaveLength(2);
  });

  it('fails a 550 rejection at once with the reason and never retries', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'], ...fast });
    const account = await createSmtpAccount(stack, sink.port);
    sink.script(
      'nobody@fabrikam.example',
      { code: 550, message: '5.1.1 Mailbox does not exist' },
      { code: 550, message: '5.1.1 Mailbox does not exist' },
    );
    const res = await compose(stack, {
      to: ['nobody@fabrikam.example'],
      subject: 'Bounce',
      text: 'x',
      accountId: account.id,
    });
    const { id } = (await res.json()) as EmailRecord;
    const failed = await waitForStatus(stack, id, ['sent', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toHaveLength(1);
    expect(failed.attempts[0]).toMatchObject({
      outcome: 'permanent-error',
      providerStatus: 550,
      errorCode: 'RECIPIENT_REJECTED',
    });
    expect(failed.lastError).toContain('5.1.1 Mailbox does not exist');
    // Give a wrong retry the chance to happen: still one attempt, nothing delivered.
    await new Promise((r) => setTimeout(r, 600));
    const again = (await (
      await stack.fetch('dispatcher', `/v1/emails/${id}`)
    ).json()) as EmailRecord;
    expect(again.attempts).toHaveLength(1);
    expect(sink.messages).toHaveLength(0);
  });

  it('gives up after the account maximum of attempts on repeated transient errors', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'], ...fast });
    const account = await createSmtpAccount(stack, sink.port, { maxAttempts: 2 });
    const deferral = { code: 452, message: '4.5.3 Too many recipients, slow down' };
    sink.script('busy@fabrikam.example', deferral, deferral, deferral);
    const res = await compose(stack, {
      to: ['busy@fabrikam.example'],
      subject: 'Busy',
      text: 'x',
      accountId: account.id,
    });
    const { id } = (await res.json()) as EmailRecord;
    const failed = await waitForStatus(stack, id, ['sent', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.attempts.map((a) => a.outcome)).toEqual(['transient-error', 'transient-error']);
    expect(failed.lastError).toMatch(/Gave up after 2 attempts/);
  });

  it('send again re-queues a failed email and counts attempts afresh', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'], ...fast });
    const account = await createSmtpAccount(stack, sink.port);
    sink.script('later@fabrikam.example', { code: 550, message: '5.7.1 Blocked for now' });
    const res = await compose(stack, {
      to: ['later@fabrikam.example'],
      subject: 'Again',
      text: 'x',
      accountId: account.id,
    });
    const { id } = (await res.json()) as EmailRecord;
    await waitForStatus(stack, id, ['failed']);
    const again = await stack.fetch('dispatcher', `/v1/emails/${id}/send`, { method: 'POST' });
    expect(again.status).toBe(202);
    const sent = await waitForStatus(stack, id, ['sent']);
    expect(sent.attempts.map((a) => a.outcome)).toEqual(['permanent-error', 'sent']);
    expect(sent.dispatch).toMatchObject({ generation: 2, firstAttempt: 2 });
    expect(sink.messages).toHaveLength(1);
  });
});
