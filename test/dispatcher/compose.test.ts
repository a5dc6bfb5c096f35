import { readFile } from 'node:fs/promises';
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { compose, createCaptureAccount, waitForStatus } from './helpers';

const problem = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as { code: string; status: number; errors?: { path: string }[] };
};

describe('dispatcher - compose API', () => {
  it('validation errors are 4xx problem+json with a code per mistake', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack);
    const base = { subject: 'Hi', text: 'x', accountId: account.id };

    const badAddress = await compose(stack, { ...base, to: ['not-an-address'] });
    expect(badAddress.status).toBe(400);
    expect(await problem(badAddress)).toMatchObject({
      code: 'INVALID_ADDRESS',
      errors: [{ path: 'to.0' }],
    });

    const injected = await compose(stack, {
      ...base,
      to: ['a@b.example'],
      subject: 'Hi\r\nBcc: victim@x.example',
    });
    expect((await problem(injected)).code).toBe('HEADER_INJECTION');
    const injectedName = await compose(stack, {
      ...base,
      to: [{ address: 'a@b.example', name: 'Eve\nBcc: x@y.example' }],
    });
    expect((await problem(injectedName)).code).toBe('HEADER_INJECTION');
    const injectedHeader = await compose(stack, {
      ...base,
      to: ['a@b.example'],
      headers: { 'X-Tag': 'a\r\nb' },
    });
    expect((await problem(injectedHeader)).code).toBe('HEADER_INJECTION');

    const many = Array.from({ length: 501 }, (_, i) => `r${i}@fabrikam.example`);
    const tooMany = await compose(stack, { ...base, to: many });
    expect((await problem(tooMany)).code).toBe('TOO_MANY_RECIPIENTS');

    const none = await compose(stack, { ...base });
    expect((await problem(none)).code).toBe('VALIDATION_FAILED');

    const badHeader = await compose(stack, {
      ...base,
      to: ['a@b.example'],
      headers: { From: 'x@y.example' },
    });
    expect((await problem(badHeader)).code).toBe('VALIDATION_FAILED');

    const unknownField = await compose(stack, { ...base, to: ['a@b.example'], sneaky: true });
    expect(unknownField.status).toBe(400);

    const notJson = await stack.fetch('dispatcher', '/v1/emails', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"to":',
    });
    expect((await problem(notJson)).code).toBe('BAD_REQUEST');

    const wrongType = await stack.fetch('dispatcher', '/v1/emails', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(wrongType.status).toBe(415);

    const missingBlob = await compose(stack, {
      ...base,
      to: ['a@b.example'],
      attachments: [{ fileName: 'x.pdf', blob: { sha256: 'a'.repeat(64), size: 10 } }],
    });
    expect(await problem(missingBlob)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'attachments.0.blob' }],
    });

    // A declared size decides nothing: sizes are measured from the stored content.
    const declaredLarge = await compose(stack, {
      ...base,
      to: ['a@b.example'],
      attachments: [
        { fileName: 'x.pdf', blob: { sha256: 'b'.repeat(64), size: 101 * 1024 * 1024 } },
      ],
    });
    expect(await problem(declaredLarge)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'attachments.0.blob' }],
    });

    const unknownAccount = await compose(stack, {
      ...base,
      to: ['a@b.example'],
      accountId: 'nope',
    });
    expect(unknownAccount.status).toBe(404);
  });

  it('Idempotency-Key: same key and payload replay the first response; another payload is 409', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack);
    const body = { to: ['a@fabrikam.example'], subject: 'Once', text: 'x', accountId: account.id };
    const headers = { 'idempotency-key': 'order-4711' };
    const first = await compose(stack, body, { headers });
    expect(first.status).toBe(202);
    const a = (await first.json()) as EmailRecord;
    const second = await compose(stack, body, { headers });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as EmailRecord).id).toBe(a.id);
    const conflict = await compose(stack, { ...body, subject: 'Twice?' }, { headers });
    expect(conflict.status).toBe(409);
    expect((await problem(conflict)).code).toBe('IDEMPOTENCY_CONFLICT');
    // Keys are per user: another user's identical key is a different request.
    const other = await compose(stack, body, { headers, claims: { sub: 'someone-else' } });
    expect(((await other.json()) as EmailRecord).id).not.toBe(a.id);
    const outbox = await stack.fetch('dispatcher', '/v1/sent?limit=200');
    await waitForStatus(stack, a.id, ['sent']);
    expect(outbox.status).toBe(200);
    const badKey = await compose(stack, body, { headers: { 'idempotency-key': 'has space' } });
    expect(badKey.status).toBe(400);
  });

  it('drafts: save, edit, send; queued emails cancel; sent ones resend as a clone; delete', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack);
    const draftRes = await compose(stack, {
      subject: 'Draft',
      text: 'first',
      accountId: account.id,
      mode: 'draft',
    });
    expect(draftRes.status).toBe(201);
    const draft = (await draftRes.json()) as EmailRecord;
    expect(draft.status).toBe('draft');

    const edited = await stack.fetch('dispatcher', `/v1/emails/${draft.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: ['a@fabrikam.example'],
        subject: 'Draft v2',
        text: 'second',
        accountId: account.id,
        mode: 'draft',
      }),
    });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as EmailRecord).subject).toBe('Draft v2');

    const sendDraft = await stack.fetch('dispatcher', `/v1/emails/${draft.id}/send`, {
      method: 'POST',
    });
    expect(sendDraft.status).toBe(202);
    const sent = await waitForStatus(stack, draft.id, ['sent']);
    expect(sent.providerMessageId).toMatch(/\.eml$/);
    const eml = await readFile(sent.providerMessageId ?? '', 'utf8');
    expect(eml).toContain('Subject: Draft v2');
    expect(eml).toContain(`Message-ID: ${sent.messageId}`);

    const editSent = await stack.fetch('dispatcher', `/v1/emails/${draft.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'x', mode: 'draft' }),
    });
    expect((await problem(editSent)).code).toBe('INVALID_STATE');

    const resend = await stack.fetch('dispatcher', `/v1/emails/${draft.id}/resend`, {
      method: 'POST',
    });
    expect(resend.status).toBe(202);
    const clone = (await resend.json()) as EmailRecord;
    expect(clone.id).not.toBe(draft.id);
    expect(clone.messageId).not.toBe(sent.messageId);
    await waitForStatus(stack, clone.id, ['sent']);

    const later = await compose(stack, {
      to: ['b@fabrikam.example'],
      subject: 'Tomorrow',
      text: 'x',
      accountId: account.id,
      notBefore: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const scheduled = (await later.json()) as EmailRecord;
    expect(scheduled.status).toBe('queued');
    const del = await stack.fetch('dispatcher', `/v1/emails/${scheduled.id}`, { method: 'DELETE' });
    expect((await problem(del)).code).toBe('INVALID_STATE');
    const cancel = await stack.fetch('dispatcher', `/v1/emails/${scheduled.id}/cancel`, {
      method: 'POST',
    });
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as EmailRecord).status).toBe('cancelled');
    const cancelAgain = await stack.fetch('dispatcher', `/v1/emails/${scheduled.id}/cancel`, {
      method: 'POST',
    });
    expect((await problem(cancelAgain)).code).toBe('INVALID_STATE');
    const deleted = await stack.fetch('dispatcher', `/v1/emails/${scheduled.id}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect((await stack.fetch('dispatcher', `/v1/emails/${scheduled.id}`)).status).toBe(404);
  });

  it('multipart: files stream into the blob store and go out as attachments and inline images', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack);
    const form = new FormData();
    form.set(
      'message',
      JSON.stringify({
        to: ['a@fabrikam.example'],
        subject: 'With files',
        html: '<p>Logo: <img src="cid:logo@cronus"></p>',
        accountId: account.id,
      }),
    );
    form.append(
      'file',
      new Blob([Buffer.alloc(300_000, 7)], { type: 'application/pdf' }),
      'invoice.pdf',
    );
    form.append(
      'inline:logo@cronus',
      new Blob([Buffer.from('PNGDATA')], { type: 'image/png' }),
      'logo.png',
    );
    const res = await stack.fetch('dispatcher', '/v1/emails', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const rec = (await res.json()) as EmailRecord;
    expect(rec.attachments).toMatchObject([
      {
        fileName: 'invoice.pdf',
        contentType: 'application/pdf',
        inline: false,
        blob: { size: 300_000 },
      },
      { fileName: 'logo.png', inline: true, contentId: 'logo@cronus' },
    ]);
    const sent = await waitForStatus(stack, rec.id, ['sent']);
    const eml = await readFile(sent.providerMessageId ?? '', 'utf8');
    expect(eml).toContain('Content-ID: <logo@cronus>');
    expect(eml).toMatch(/filename=invoice\.pdf/);

    const noMessage = new FormData();
    noMessage.append('file', new Blob(['x']), 'a.txt');
    const bad = await stack.fetch('dispatcher', '/v1/emails', { method: 'POST', body: noMessage });
    expect(bad.status).toBe(400);
  });

  it('capture allowlist: recipients outside it fail (never captured), inside it are captured', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack, [
      '@cronus.example',
      'tester@fabrikam.example',
    ]);
    const ok = await compose(stack, {
      to: ['tester@fabrikam.example'],
      cc: ['boss@cronus.example'],
      subject: 'Allowed',
      text: 'x',
      accountId: account.id,
    });
    const blocked = await compose(stack, {
      to: ['customer@fabrikam.example'],
      subject: 'Blocked',
      text: 'x',
      accountId: account.id,
    });
    const sent = await waitForStatus(stack, ((await ok.json()) as EmailRecord).id, [
      'sent',
      'failed',
    ]);
    expect(sent.status).toBe('sent');
    const failed = await waitForStatus(stack, ((await blocked.json()) as EmailRecord).id, [
      'sent',
      'failed',
    ]);
    expect(failed.status).toBe('failed');
    expect(failed.attempts[0]?.errorCode).toBe('RECIPIENT_NOT_ALLOWED');
    expect(failed.lastError).toContain('customer@fabrikam.example');
  });

  it('licence and credentials: limited users cannot send; accounts needing credentials are refused with 422', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack);
    const limited = await compose(
      stack,
      { to: ['a@fabrikam.example'], subject: 'x', text: 'x', accountId: account.id },
      { claims: { licence: 'team-member' } },
    );
    expect(limited.status).toBe(403);
    expect((await problem(limited)).code).toBe('LICENCE_NOT_ALLOWED');
    const smtp = await stack.fetch('config', '/v1/accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'No password',
        emailAddress: 'nopass@cronus.example',
        settings: {
          connector: 'smtp',
          host: 'smtp.cronus.example',
          auth: 'basic',
          userName: 'nopass',
        },
      }),
    });
    const noPass = (await smtp.json()) as { id: string; needsCredentials: boolean };
    expect(noPass.needsCredentials).toBe(true);
    const res = await compose(stack, {
      to: ['a@fabrikam.example'],
      subject: 'x',
      text: 'x',
      accountId: noPass.id,
    });
    expect(res.status).toBe(422);
    expect((await problem(res)).code).toBe('NEEDS_CREDENTIALS');
  });
});
