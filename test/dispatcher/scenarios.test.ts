import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import {
  compose,
  createCaptureAccount,
  createSmtpAccount,
  readCaptured,
  waitForStatus,
} from './helpers';

describe('dispatcher - scenarios and scheduling', () => {
  it("resolves the scenario's account and adds its auto-add default attachments (not the offered ones)", async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    await createCaptureAccount(stack, [], {
      name: 'Default',
      emailAddress: 'default@cronus.example',
    });
    const invoices = await createCaptureAccount(stack, [], {
      name: 'Invoices',
      emailAddress: 'invoices@cronus.example',
    });
    const assign = await stack.fetch('config', '/v1/scenarios/sales-invoice/account', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: invoices.id }),
    });
    expect(assign.status).toBe(200);
    for (const [name, autoAdd] of [
      ['terms.pdf', 'true'],
      ['brochure.pdf', 'false'],
    ] as const) {
      const form = new FormData();
      form.append('file', new Blob([`%PDF ${name}`], { type: 'application/pdf' }), name);
      form.append('autoAdd', autoAdd);
      const res = await stack.fetch('config', '/v1/scenarios/sales-invoice/attachments', {
        method: 'POST',
        body: form,
      });
      expect(res.status).toBe(201);
    }
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Invoice 1',
      text: 'x',
      scenario: 'sales-invoice',
    });
    const rec = (await res.json()) as EmailRecord;
    expect(rec.accountId).toBe(invoices.id);
    expect(rec.sendFrom).toBe('invoices@cronus.example');
    expect(rec.attachments.map((a) => a.fileName)).toEqual(['terms.pdf']);
    const sent = await waitForStatus(stack, rec.id, ['sent']);
    expect(await readCaptured(stack, sent)).toMatch(/filename=terms\.pdf/);

    const without = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Invoice 2',
      text: 'x',
      scenario: 'sales-invoice',
      addDefaultAttachments: false,
    });
    expect(((await without.json()) as EmailRecord).attachments).toEqual([]);
    // An unassigned scenario falls back to the default account.
    const other = await compose(stack, {
      to: ['a@fabrikam.example'],
      subject: 'Quote',
      text: 'x',
      scenario: 'sales-quote',
    });
    expect(((await other.json()) as EmailRecord).sendFrom).toBe('default@cronus.example');
  });

  it('holds an email until its notBefore time', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createCaptureAccount(stack);
    const notBefore = new Date(Date.now() + 1_500);
    const res = await compose(stack, {
      to: ['a@fabrikam.example'],
      subject: 'Later',
      text: 'x',
      accountId: account.id,
      notBefore: notBefore.toISOString(),
    });
    const rec = (await res.json()) as EmailRecord;
    await new Promise((r) => setTimeout(r, 500));
    expect((await waitForStatus(stack, rec.id, ['queued', 'sent'])).status).toBe('queued');
    const sent = await waitForStatus(stack, rec.id, ['sent'], 10_000);
    expect(Date.parse(sent.sentAt ?? '')).toBeGreaterThanOrEqual(notBefore.getTime());
  });
});

describe('dispatcher - test companies', () => {
  it('a test company sends only through capture accounts', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const smtp = await createSmtpAccount(stack, sink.port);
    const capture = await createCaptureAccount(stack, ['@fabrikam.example']);
    const queued = await compose(stack, {
      to: ['a@fabrikam.example'],
      subject: 'Before',
      text: 'x',
      accountId: smtp.id,
      notBefore: new Date(Date.now() + 1_000).toISOString(),
    });
    expect(queued.status).toBe(202);
    const mark = await stack.fetch('config', '/v1/company', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'CRONUS (test)', isTest: true }),
    });
    expect(mark.status).toBe(200);
    const refused = await compose(stack, {
      to: ['a@fabrikam.example'],
      subject: 'x',
      text: 'x',
      accountId: smtp.id,
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toContain('test company');
    // Queued before the company became a test company: stopped at send time, for good.
    const stopped = await waitForStatus(
      stack,
      ((await queued.json()) as EmailRecord).id,
      ['sent', 'failed'],
      10_000,
    );
    expect(stopped.status).toBe('failed');
    expect(stopped.attempts.at(-1)?.errorCode).toBe('RECIPIENT_NOT_ALLOWED');
    expect(sink.messages).toHaveLength(0);
    const captured = await compose(stack, {
      to: ['a@fabrikam.example'],
      subject: 'x',
      text: 'x',
      accountId: capture.id,
    });
    expect(captured.status).toBe(202);
    expect(
      (await waitForStatus(stack, ((await captured.json()) as EmailRecord).id, ['sent', 'failed']))
        .status,
    ).toBe('sent');
  });
});
