import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

describe('outbound target guard', () => {
  it('refuses loopback, link-local and metadata SMTP hosts on account test and on send', async () => {
    await using sink = await SmtpSink.start();
    // No allowlist: what production runs with.
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      env: { OUTBOUND_ALLOW: '' },
    });
    for (const host of ['169.254.169.254', '[::1]', '127.0.0.1', 'localhost']) {
      const account = await createSmtpAccount(stack, sink.port, {
        name: `Guarded ${host}`,
        emailAddress: `g${Math.random().toString(36).slice(2)}@cronus.example`,
        settings: { host },
      });
      const res = await stack.fetch('config', `/v1/accounts/${account.id}/test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
      const result = (await res.json()) as { ok: boolean; message: string };
      expect(result.ok, host).toBe(false);
      expect(result.message).toMatch(/not allowed/);

      const sent = await compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: `to ${host}`,
        text: 'x',
        accountId: account.id,
      });
      expect(sent.status).toBe(202);
      const record = await waitForStatus(
        stack,
        ((await sent.json()) as EmailRecord).id,
        ['failed'],
        10_000,
      );
      expect(record.lastError).toMatch(/not allowed/);
      expect(record.attempts).toHaveLength(1);
    }
    expect(sink.messages).toHaveLength(0);
  });
});
