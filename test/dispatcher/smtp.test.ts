import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

const send = async (
  stack: Awaited<ReturnType<typeof startStack>>,
  accountId: string,
  extra: Record<string, unknown> = {},
  claims?: Record<string, unknown>,
) => {
  const res = await compose(
    stack,
    {
      to: ['ap@fabrikam.example'],
      subject: 'Hello',
      html: '<p>Hi</p>',
      text: 'Hi',
      accountId,
      ...extra,
    },
    claims ? { claims } : {},
  );
  expect(res.status).toBe(202);
  return waitForStatus(
    stack,
    ((await res.json()) as EmailRecord).id,
    ['sent', 'failed'],
    20_000,
    claims,
  );
};

describe('dispatcher - SMTP connector', () => {
  it('STARTTLS with basic auth; certificates are verified unless the account turns it off', async () => {
    await using sink = await SmtpSink.start({ tls: 'starttls', users: { sales: 's3cret' } });
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const settings = { tls: 'starttls', auth: 'basic', userName: 'sales' };
    const strict = await createSmtpAccount(stack, sink.port, {
      settings,
      secrets: { password: 's3cret' },
    });
    const refused = await send(stack, strict.id);
    // The sink's certificate is self-signed: a verifying client must refuse it, for good.
    expect(refused.status).toBe('failed');
    expect(refused.attempts[0]?.errorCode).toBe('CONNECTION_FAILED');
    const relaxed = await createSmtpAccount(stack, sink.port, {
      name: 'Relaxed',
      emailAddress: 'relaxed@cronus.example',
      settings: { ...settings, verifyCertificate: false },
      secrets: { password: 's3cret' },
    });
    const ok = await send(stack, relaxed.id);
    expect(ok.status).toBe('sent');
    expect(sink.messages[0]?.user).toBe('sales');
    const wrong = await createSmtpAccount(stack, sink.port, {
      name: 'Wrong',
      emailAddress: 'wrong@cronus.example',
      settings: { ...settings, verifyCertificate: false },
      secrets: { password: 'nope' },
    });
    const denied = await send(stack, wrong.id);
    expect(denied.status).toBe('failed');
    expect(denied.attempts).toHaveLength(1);
    expect(denied.attempts[0]).toMatchObject({ errorCode: 'AUTH_FAILED', providerStatus: 535 });
    // The administrator fixes the password: the next send uses it at once (config change
    // notice drops the cached account; the pooled transport of the old version is replaced).
    const fixed = await stack.fetch('config', `/v1/accounts/${wrong.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secrets: { password: 's3cret' } }),
    });
    expect(fixed.status).toBe(200);
    const again = await stack.fetch('dispatcher', `/v1/emails/${denied.id}/send`, {
      method: 'POST',
    });
    expect(again.status).toBe(202);
    expect((await waitForStatus(stack, denied.id, ['sent', 'failed'])).status).toBe('sent');
  });

  it('sender type and substitution: Send on Behalf sets From = user and Sender = account; Current User uses the contact email', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const onBehalf = await createSmtpAccount(stack, sink.port, {
      settings: { senderSubstitution: 'send-on-behalf', senderName: 'CRONUS Sales' },
    });
    const claims = { sub: 'u1', email: 'jane@cronus.example', name: 'Jane Doe' };
    const a = await send(
      stack,
      onBehalf.id,
      { replyTo: ['replies@cronus.example'], headers: { 'X-Invoice': '103045' } },
      claims,
    );
    expect(a.status).toBe('sent');
    const first = sink.messages[0]?.parsed;
    expect(first?.from?.value[0]?.address).toBe('jane@cronus.example');
    expect(first?.headers.get('sender')).toMatchObject({
      value: [{ address: 'sales@cronus.example' }],
    });
    expect(first?.replyTo?.value[0]?.address).toBe('replies@cronus.example');
    expect(first?.headers.get('x-invoice')).toBe('103045');
    expect(first?.html).toContain('<p>Hi</p>');
    expect(first?.text?.trim()).toBe('Hi');

    const currentUser = await createSmtpAccount(stack, sink.port, {
      name: 'Me',
      emailAddress: 'me@cronus.example',
      settings: { senderType: 'current-user' },
    });
    const b = await send(stack, currentUser.id, {}, claims);
    expect(b.status).toBe('sent');
    expect(sink.messages[1]?.parsed.from?.value[0]).toMatchObject({
      address: 'jane@cronus.example',
      name: 'Jane Doe',
    });
    const noEmail = await send(stack, currentUser.id, {}, { sub: 'u2', email: undefined });
    expect(noEmail.status).toBe('failed');
    expect(noEmail.lastError).toContain('no contact email');
  });

  it('test account (through config): connects and sends a test email; a dead server is an answer, not an error', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createSmtpAccount(stack, sink.port);
    const res = await stack.fetch('config', `/v1/accounts/${account.id}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sendTestTo: 'admin@cronus.example' }),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { ok: boolean; message: string };
    expect(result.ok).toBe(true);
    await sink.waitFor(1);
    expect(sink.messages[0]?.envelopeTo).toEqual(['admin@cronus.example']);
    const dead = await createSmtpAccount(stack, 1, {
      name: 'Dead',
      emailAddress: 'dead@cronus.example',
    });
    const deadRes = await stack.fetch('config', `/v1/accounts/${dead.id}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(deadRes.status).toBe(200);
    expect(((await deadRes.json()) as { ok: boolean }).ok).toBe(false);
  });
});
