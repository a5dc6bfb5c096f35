import { Svcm } from '@nats-io/services';
import { ResolveAccountResponse } from '@verzend/connectors';
import {
  CompanyResponse,
  LayoutResponse,
  PaymentSettingsResponse,
  ReportSelectionResponse,
  Rpc,
  requestJson,
  ScenarioAttachmentsResponse,
  SendingProfileResponse,
  Services,
  ViewPolicyResponse,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import {
  call,
  captureAccount,
  createAccount,
  dispatcherSecrets,
  smtpAccount,
  upload,
} from './helpers';

describe('config: NATS API', () => {
  it('answers every look-up with the contracts, and errors with the same codes as HTTP', async () => {
    await using stack = await startStack({ services: ['config'] });
    const company = stack.company;
    const main = await createAccount(stack, captureAccount('Main'));
    const sales = await createAccount(stack, smtpAccount());
    const bare = await createAccount(
      stack,
      smtpAccount({ name: 'No password', secrets: undefined }),
    );
    await call(stack, 'PUT', '/v1/scenarios/sales-invoice/account', { accountId: sales.id });
    await call(stack, 'PUT', '/v1/scenarios/reminder/account', { accountId: bare.id });
    await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      entries: [
        {
          sequence: 1,
          reportId: 1306,
          useForEmailBody: true,
          bodyLayoutId: 'builtin-sales-invoice-email',
        },
      ],
    });
    await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      customerNo: '10000',
      entries: [{ sequence: 1, reportId: 1306, useForEmailAttachment: true }],
    });
    await call(stack, 'PUT', '/v1/sending-profiles/EMAIL', {
      email: 'yes-use-default',
      isDefault: true,
    });
    await call(stack, 'PUT', '/v1/sending-profiles/NONE', { email: 'no' });
    await call(stack, 'PUT', '/v1/payment-services/paypal', {
      enabled: true,
      merchantEmail: 'pay@cronus.example',
    });
    await call(stack, 'PUT', '/v1/view-policies', { userId: 'alice', policy: 'own' });
    await call(stack, 'PUT', '/v1/company', { name: 'CRONUS', isTest: true });
    await upload(stack, '/v1/scenarios/sales-invoice/attachments', {
      name: 't.pdf',
      type: 'application/pdf',
      data: Buffer.from('x'),
    });

    const ask = <S extends Parameters<typeof requestJson>[3]>(
      subject: string,
      body: unknown,
      schema: S,
    ) => requestJson(stack.nc, subject, body, schema);

    const bySales = await ask(
      Rpc.configResolveAccount,
      { company, scenario: 'sales-invoice' },
      ResolveAccountResponse,
    );
    expect(bySales.account.id).toBe(sales.id);
    // Secrets travel sealed (ADR-0018): an envelope on the wire, the password only once opened.
    expect(bySales.secrets.password).toMatchObject({ v: 1, alg: 'A256GCM', kid: 'k1' });
    expect(JSON.stringify(bySales)).not.toContain('S3cret-Passw0rd!');
    expect(
      (await dispatcherSecrets(stack).resolve(company, { scenario: 'sales-invoice' })).secrets,
    ).toEqual({ password: 'S3cret-Passw0rd!' });
    const byDefault = await ask(
      Rpc.configResolveAccount,
      { company, scenario: 'sales-order' },
      ResolveAccountResponse,
    );
    expect(byDefault.account.id).toBe(main.id);
    expect(
      (await ask(Rpc.configResolveAccount, { company }, ResolveAccountResponse)).account.id,
    ).toBe(main.id);
    await expect(
      ask(Rpc.configResolveAccount, { company, scenario: 'reminder' }, ResolveAccountResponse),
    ).rejects.toMatchObject({
      code: 'NEEDS_CREDENTIALS',
      status: 422,
    });
    await expect(
      ask(
        Rpc.configResolveAccount,
        { company: 'other', scenario: 'sales-invoice' },
        ResolveAccountResponse,
      ),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      ask(Rpc.configResolveAccount, { company: 'a.b', scenario: 'x' }, ResolveAccountResponse),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const withSecrets = await ask(
      Rpc.configAccountWithSecrets,
      { company, accountId: sales.id },
      ResolveAccountResponse,
    );
    expect(withSecrets.account.name).toBe('Sales');

    const customer = await ask(
      Rpc.configReportSelection,
      { company, usage: 'sales-invoice', customerNo: '10000' },
      ReportSelectionResponse,
    );
    expect(customer.selection?.customerNo).toBe('10000');
    const general = await ask(
      Rpc.configReportSelection,
      { company, usage: 'sales-invoice', customerNo: '99999' },
      ReportSelectionResponse,
    );
    expect(general.selection?.entries[0]?.bodyLayoutId).toBe('builtin-sales-invoice-email');
    expect(
      (
        await ask(
          Rpc.configReportSelection,
          { company, usage: 'reminder' },
          ReportSelectionResponse,
        )
      ).selection,
    ).toBeNull();

    expect(
      (await ask(Rpc.configSendingProfile, { company }, SendingProfileResponse)).profile?.code,
    ).toBe('EMAIL');
    expect(
      (await ask(Rpc.configSendingProfile, { company, code: 'NONE' }, SendingProfileResponse))
        .profile,
    ).toMatchObject({ email: 'no', isDefault: false });
    expect(
      (await ask(Rpc.configSendingProfile, { company, code: 'MISSING' }, SendingProfileResponse))
        .profile,
    ).toBeNull();

    const layout = await ask(
      Rpc.configLayout,
      { company, layoutId: 'builtin-sales-invoice-email' },
      LayoutResponse,
    );
    expect(layout.layout.builtIn).toBe(true);
    await expect(
      ask(Rpc.configLayout, { company, layoutId: 'nope' }, LayoutResponse),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(
      (await ask(Rpc.configPaymentSettings, { company }, PaymentSettingsResponse)).paypal
        ?.merchantEmail,
    ).toBe('pay@cronus.example');
    expect(
      (await ask(Rpc.configPaymentSettings, { company: 'other' }, PaymentSettingsResponse)).paypal,
    ).toBeNull();

    const atts = await ask(
      Rpc.configScenarioAttachments,
      { company, scenario: 'sales-invoice' },
      ScenarioAttachmentsResponse,
    );
    expect(atts.attachments.map((a) => a.fileName)).toEqual(['t.pdf']);
    expect(
      (
        await ask(
          Rpc.configScenarioAttachments,
          { company, scenario: 'custom-none' },
          ScenarioAttachmentsResponse,
        )
      ).attachments,
    ).toEqual([]);

    expect(
      await ask(Rpc.configViewPolicy, { company, userId: 'alice' }, ViewPolicyResponse),
    ).toEqual({ policy: 'own', source: 'user' });
    expect(await ask(Rpc.configViewPolicy, { company, userId: 'bob' }, ViewPolicyResponse)).toEqual(
      { policy: 'all-related-records', source: 'fallback' },
    );

    expect((await ask(Rpc.configCompany, { company }, CompanyResponse)).company).toMatchObject({
      name: 'CRONUS',
      isTest: true,
    });
    expect(
      (await ask(Rpc.configCompany, { company: 'other' }, CompanyResponse)).company,
    ).toBeNull();

    // The services framework sees one config service with every endpoint in its queue group.
    const infos = await new Svcm(stack.nc).client().info(Services.config.name);
    const found = [];
    for await (const info of infos) {
      found.push(info);
    }
    expect(found).toHaveLength(1);
    expect(found[0]?.endpoints.map((e) => e.subject).sort()).toEqual(
      Object.entries(Rpc)
        .filter(([name]) => name.startsWith('config'))
        .map(([, subject]) => subject)
        .sort(),
    );
    expect(found[0]?.endpoints.every((e) => e.queue_group === Services.config.queue)).toBe(true);
  });
});
