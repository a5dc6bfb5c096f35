import { randomBytes } from 'node:crypto';
import { STANDARD_SCENARIOS } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { call, captureAccount, createAccount, errorPaths, expectProblem, upload } from './helpers';

describe('config: scenarios and default attachments', () => {
  it('lists standard and custom scenarios and resolves assigned, else default accounts', async () => {
    await using stack = await startStack({ services: ['config'] });
    const main = await createAccount(stack, captureAccount('Main'));
    const sales = await createAccount(stack, captureAccount('Sales'));
    let scenarios = (await call(stack, 'GET', '/v1/scenarios')).body.items as {
      code: string;
      accountId: string | null;
    }[];
    expect(scenarios.map((s) => s.code)).toEqual([...STANDARD_SCENARIOS]);
    expect(scenarios.find((s) => s.code === 'default')?.accountId).toBe(main.id);
    expect(scenarios.find((s) => s.code === 'sales-invoice')?.accountId).toBeNull();

    expect((await call(stack, 'GET', '/v1/scenarios/sales-invoice/account')).body.id).toBe(main.id);
    const assigned = await call(stack, 'PUT', '/v1/scenarios/sales-invoice/account', {
      accountId: sales.id,
    });
    expect(assigned.body).toMatchObject({
      code: 'sales-invoice',
      accountId: sales.id,
      standard: true,
    });
    expect((await call(stack, 'GET', '/v1/scenarios/sales-invoice/account')).body.id).toBe(
      sales.id,
    );
    // Reassign, then unassign: back to the default account.
    await call(stack, 'PUT', '/v1/scenarios/sales-invoice/account', { accountId: main.id });
    expect((await call(stack, 'GET', '/v1/scenarios/sales-invoice')).body.accountId).toBe(main.id);
    await call(stack, 'DELETE', '/v1/scenarios/sales-invoice/account');
    expect((await call(stack, 'GET', '/v1/scenarios/sales-invoice')).body.accountId).toBeNull();
    expectProblem(
      await call(stack, 'DELETE', '/v1/scenarios/default/account'),
      409,
      'DEFAULT_ACCOUNT_REQUIRED',
    );
    expectProblem(
      await call(stack, 'PUT', '/v1/scenarios/reminder/account', { accountId: 'missing' }),
      404,
      'NOT_FOUND',
    );
    expect(
      errorPaths(
        expectProblem(
          await call(stack, 'GET', '/v1/scenarios/no-such-thing'),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toContain('code');

    // Assigning the default scenario makes the default account.
    await call(stack, 'PUT', '/v1/scenarios/default/account', { accountId: sales.id });
    expect((await call(stack, 'GET', `/v1/accounts/${sales.id}`)).body.isDefault).toBe(true);

    const custom = await call(stack, 'POST', '/v1/scenarios', {
      code: 'custom-dunning',
      name: 'Dunning',
    });
    expect(custom.status, custom.text).toBe(201);
    expectProblem(
      await call(stack, 'POST', '/v1/scenarios', { code: 'custom-dunning', name: 'Again' }),
      409,
      'CONFLICT',
    );
    await call(stack, 'PUT', '/v1/scenarios/custom-dunning/account', { accountId: main.id });
    scenarios = (await call(stack, 'GET', '/v1/scenarios')).body.items as {
      code: string;
      accountId: string | null;
    }[];
    expect(scenarios.at(-1)).toMatchObject({ code: 'custom-dunning', accountId: main.id });
    expectProblem(
      await call(stack, 'PUT', '/v1/scenarios/custom-unknown/account', { accountId: main.id }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await call(stack, 'DELETE', '/v1/scenarios/sales-order'), 409, 'INVALID_STATE');

    // Deleting an account unassigns its scenarios.
    await call(stack, 'DELETE', `/v1/accounts/${main.id}`);
    expect((await call(stack, 'GET', '/v1/scenarios/custom-dunning')).body.accountId).toBeNull();
    expect((await call(stack, 'DELETE', '/v1/scenarios/custom-dunning')).status).toBe(204);
    expectProblem(await call(stack, 'GET', '/v1/scenarios/custom-dunning'), 404, 'NOT_FOUND');
  });

  it('streams default attachments in and out, stores identical content once, and flags auto-add', async () => {
    await using stack = await startStack({
      services: ['config'],
      serviceEnv: { config: { MAX_ATTACHMENT_BYTES: String(6 * 1024 * 1024) } },
    });
    const data = randomBytes(5 * 1024 * 1024);
    const terms = await upload(stack, '/v1/scenarios/sales-invoice/attachments', {
      name: 'terms.pdf',
      type: 'application/pdf',
      data,
    });
    expect(terms.status, terms.text).toBe(201);
    expect(terms.body).toMatchObject({
      fileName: 'terms.pdf',
      contentType: 'application/pdf',
      autoAdd: true,
      blob: { size: data.length },
    });
    const again = await upload(
      stack,
      '/v1/scenarios/sales-quote/attachments',
      { name: 'conditions.pdf', type: 'application/pdf', data },
      { autoAdd: 'false' },
    );
    expect(again.body.blob).toEqual(terms.body.blob);
    expect(again.body.autoAdd).toBe(false);

    const list = await call(stack, 'GET', '/v1/scenarios/sales-invoice/attachments');
    expect((list.body.items as unknown[]).length).toBe(1);
    const dl = await stack.fetch(
      'config',
      `/v1/scenarios/sales-invoice/attachments/${terms.body.id}/content`,
    );
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toContain('terms.pdf');
    expect(Buffer.from(await dl.arrayBuffer()).equals(data)).toBe(true);

    const flagged = await call(
      stack,
      'PATCH',
      `/v1/scenarios/sales-invoice/attachments/${terms.body.id}`,
      { autoAdd: false },
    );
    expect(flagged.body.autoAdd).toBe(false);
    // The attachment belongs to its scenario only.
    expectProblem(
      await call(stack, 'GET', `/v1/scenarios/sales-order/attachments/${terms.body.id}`),
      404,
      'NOT_FOUND',
    );

    const tooBig = await upload(stack, '/v1/scenarios/sales-invoice/attachments', {
      name: 'huge.bin',
      type: 'application/octet-stream',
      data: randomBytes(6 * 1024 * 1024 + 1),
    });
    expectProblem(tooBig, 413, 'PAYLOAD_TOO_LARGE');
    expect(
      (
        (await call(stack, 'GET', '/v1/scenarios/sales-invoice/attachments')).body
          .items as unknown[]
      ).length,
    ).toBe(1);
    expectProblem(
      await upload(
        stack,
        '/v1/scenarios/sales-invoice/attachments',
        { name: 'a.txt', type: 'text/plain', data: Buffer.from('a') },
        { autoAdd: 'maybe' },
      ),
      400,
      'VALIDATION_FAILED',
    );

    expect(
      (await call(stack, 'DELETE', `/v1/scenarios/sales-invoice/attachments/${terms.body.id}`))
        .status,
    ).toBe(204);
    expect(
      (await call(stack, 'GET', '/v1/scenarios/sales-invoice/attachments')).body.items,
    ).toEqual([]);
    // The other scenario's attachment (same content) is still downloadable.
    const still = await stack.fetch(
      'config',
      `/v1/scenarios/sales-quote/attachments/${again.body.id}/content`,
    );
    expect(Buffer.from(await still.arrayBuffer()).length).toBe(data.length);
  });
});

describe('config: policies, selections, profiles, payments, company', () => {
  it('keeps view policies per user with an all-users row and a fallback', async () => {
    await using stack = await startStack({ services: ['config'] });
    const effective = async (userId: string) =>
      (await call(stack, 'GET', `/v1/view-policies/effective?userId=${userId}`)).body;
    expect(await effective('alice')).toEqual({ policy: 'all-related-records', source: 'fallback' });
    await call(stack, 'PUT', '/v1/view-policies', { policy: 'own' });
    expect(await effective('alice')).toEqual({ policy: 'own', source: 'all-users' });
    await call(stack, 'PUT', '/v1/view-policies', { userId: 'alice', policy: 'all' });
    expect(await effective('alice')).toEqual({ policy: 'all', source: 'user' });
    expect(await effective('bob')).toEqual({ policy: 'own', source: 'all-users' });
    expect((await call(stack, 'GET', '/v1/view-policies')).body.items).toEqual([
      { userId: '', policy: 'own' },
      { userId: 'alice', policy: 'all' },
    ]);
    expect(
      errorPaths(
        expectProblem(
          await call(stack, 'PUT', '/v1/view-policies', { policy: 'some' }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toContain('policy');
    expect((await call(stack, 'DELETE', '/v1/view-policies?userId=alice')).status).toBe(204);
    expectProblem(await call(stack, 'DELETE', '/v1/view-policies?userId=alice'), 404, 'NOT_FOUND');
    expect(await effective('alice')).toEqual({ policy: 'own', source: 'all-users' });
  });

  it('keeps report selections with customer overrides and checks their layouts', async () => {
    await using stack = await startStack({ services: ['config'] });
    const entry = {
      sequence: 1,
      reportId: 1306,
      useForEmailBody: true,
      bodyLayoutId: 'builtin-sales-invoice-email',
      useForEmailAttachment: true,
    };
    const put = await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      entries: [entry],
    });
    expect(put.status, put.text).toBe(200);
    const override = await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      customerNo: '10000',
      entries: [{ ...entry, bodyLayoutId: 'builtin-reminder-email' }],
    });
    expect(override.body.customerNo).toBe('10000');
    const eff = async (q: string) =>
      (await call(stack, 'GET', `/v1/report-selections/sales-invoice/effective${q}`)).body;
    expect(
      ((await eff('?customerNo=10000')).selection as { entries: { bodyLayoutId: string }[] })
        .entries[0]?.bodyLayoutId,
    ).toBe('builtin-reminder-email');
    expect(
      ((await eff('?customerNo=20000')).selection as { customerNo: null }).customerNo,
    ).toBeNull();
    expect((await call(stack, 'GET', '/v1/report-selections/reminder/effective')).body).toEqual({
      selection: null,
    });
    expect((await call(stack, 'GET', '/v1/report-selections')).body.items).toHaveLength(2);

    const bad = await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      entries: [
        { ...entry, bodyLayoutId: 'no-such-layout' },
        { sequence: 1, reportId: 1306, useForEmailBody: true },
      ],
    });
    const paths = errorPaths(expectProblem(bad, 400, 'VALIDATION_FAILED'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'entries.0.bodyLayoutId',
        'entries.1.sequence',
        'entries.1.bodyLayoutId',
        'entries',
      ]),
    );
    expect(
      errorPaths(
        expectProblem(
          await call(stack, 'PUT', '/v1/report-selections/not-a-usage', { entries: [entry] }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toContain('usage');
    expect(
      (await call(stack, 'DELETE', '/v1/report-selections/sales-invoice?customerNo=10000')).status,
    ).toBe(204);
    expect(
      ((await eff('?customerNo=10000')).selection as { customerNo: null }).customerNo,
    ).toBeNull();
  });

  it('keeps sending profiles with a single default, PayPal settings and the company record', async () => {
    await using stack = await startStack({ services: ['config'] });
    await call(stack, 'PUT', '/v1/sending-profiles/EMAIL', {
      email: 'yes-use-default',
      isDefault: true,
    });
    const prompt = await call(stack, 'PUT', '/v1/sending-profiles/PROMPT', {
      email: 'yes-prompt',
      description: 'Ask',
      isDefault: true,
    });
    expect(prompt.body).toMatchObject({
      code: 'PROMPT',
      isDefault: true,
      attachmentFormat: 'pdf',
    });
    const profiles = (await call(stack, 'GET', '/v1/sending-profiles')).body.items as {
      code: string;
      isDefault: boolean;
    }[];
    expect(profiles.filter((p) => p.isDefault).map((p) => p.code)).toEqual(['PROMPT']);
    expect(
      errorPaths(
        expectProblem(
          await call(stack, 'PUT', '/v1/sending-profiles/lower', { email: 'no' }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toContain('code');
    expect(
      errorPaths(
        expectProblem(
          await call(stack, 'PUT', '/v1/sending-profiles/X', { email: 'maybe' }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toContain('email');
    await call(stack, 'DELETE', '/v1/sending-profiles/PROMPT');
    expect(
      (
        (await call(stack, 'GET', '/v1/sending-profiles')).body.items as { isDefault: boolean }[]
      ).some((p) => p.isDefault),
    ).toBe(false);

    expect((await call(stack, 'GET', '/v1/payment-services')).body).toEqual({ paypal: null });
    const paypal = await call(stack, 'PUT', '/v1/payment-services/paypal', {
      enabled: true,
      merchantEmail: 'pay@cronus.example',
    });
    expect(paypal.body).toEqual({
      enabled: true,
      merchantEmail: 'pay@cronus.example',
      environment: 'sandbox',
      linkText: 'Pay with PayPal',
    });
    expect(
      errorPaths(
        expectProblem(
          await call(stack, 'PUT', '/v1/payment-services/paypal', {
            enabled: true,
            merchantEmail: 'nope',
          }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toContain('merchantEmail');
    expect((await call(stack, 'DELETE', '/v1/payment-services/paypal')).status).toBe(204);

    expectProblem(await call(stack, 'GET', '/v1/company'), 404, 'NOT_FOUND');
    const company = await call(stack, 'PUT', '/v1/company', { name: 'CRONUS', isTest: true });
    expect(company.body).toMatchObject({ id: stack.company, name: 'CRONUS', isTest: true });
    const renamed = await call(stack, 'PUT', '/v1/company', { name: 'CRONUS Ltd.' });
    expect(renamed.body).toMatchObject({
      name: 'CRONUS Ltd.',
      isTest: true,
      createdAt: company.body.createdAt,
    });
  });
});
