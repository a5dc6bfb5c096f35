import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

describe('dispatcher - sending through SMTP', () => {
  it('queues a composed email durably (202) and delivers it with the fixed Message-ID', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createSmtpAccount(stack, sink.port);
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Invoice 103045',
      html: '<p>Dear customer</p>',
      text: 'Dear customer',
      accountId: account.id,
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as EmailRecord;
    expect(queued.status).toBe('queued');
    const sent = await waitForStatus(stack, queued.id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    await sink.waitFor(1);
    const msg = sink.messages[0];
    expect(msg?.parsed.messageId).toBe(queued.messageId);
    expect(msg?.parsed.subject).toBe('Invoice 103045');
    expect(msg?.parsed.text?.trim()).toBe('Dear customer');
    expect(sent.attempts).toHaveLength(1);
    expect(sent.attempts[0]?.outcome).toBe('sent');
    expect(sent.history.map((h) => h.status)).toEqual(['queued', 'processing', 'sent']);
  });
});
