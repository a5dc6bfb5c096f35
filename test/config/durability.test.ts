import { randomBytes } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { ResolveAccountResponse } from '@verzend/connectors';
import { Buckets, Rpc, requestJson } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import {
  call,
  captureAccount,
  createAccount,
  dispatcherSecrets,
  expectProblem,
  runRotateSecrets,
  smtpAccount,
  upload,
} from './helpers';

/** Every secret envelope as stored (raw KV values). */
async function rawSecrets(stack: { nc: NatsConnection }) {
  const kv = await new Kvm(stack.nc).open(Buckets.secrets);
  const out: Record<string, { kid: string }> = {};
  for await (const key of await kv.keys()) {
    const e = await kv.get(key);
    if (e?.operation === 'PUT') {
      out[key] = e.json<{ kid: string }>();
    }
  }
  return out;
}

describe('config: durability, copy company, rotation', () => {
  it('loses no configuration when the config service and the nats-server restart', async () => {
    await using stack = await startStack({ services: ['config'] });
    const account = await createAccount(stack, smtpAccount());
    const second = await createAccount(stack, captureAccount('Second'));
    await call(stack, 'PUT', '/v1/scenarios/reminder/account', { accountId: second.id });
    await call(stack, 'PUT', '/v1/company', { name: 'CRONUS' });
    await call(stack, 'PUT', '/v1/view-policies', { policy: 'own' });
    await call(stack, 'PUT', '/v1/sending-profiles/EMAIL', {
      email: 'yes-use-default',
      isDefault: true,
    });
    await call(stack, 'PUT', '/v1/payment-services/paypal', {
      enabled: true,
      merchantEmail: 'pay@cronus.example',
    });
    const file = randomBytes(64 * 1024);
    const att = await upload(stack, '/v1/scenarios/sales-invoice/attachments', {
      name: 'terms.pdf',
      type: 'application/pdf',
      data: file,
    });
    const layout = await call(stack, 'POST', '/v1/layouts/builtin-reminder-email/customise');
    const paths = [
      '/v1/accounts',
      '/v1/scenarios',
      '/v1/company',
      '/v1/view-policies',
      '/v1/sending-profiles',
      '/v1/payment-services',
      '/v1/scenarios/sales-invoice/attachments',
      '/v1/layouts',
    ];
    const snapshot = async () =>
      Promise.all(paths.map(async (p) => (await call(stack, 'GET', p)).body));
    const before = await snapshot();

    await stack.stopService('config');
    await stack.nats.restart();
    await stack.start('config');

    expect(await snapshot()).toEqual(before);
    // The test's own client reconnects in the background; wait for it before using it.
    for (let i = 0; ; i++) {
      try {
        await stack.nc.flush();
        break;
      } catch (err) {
        if (i > 100) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const dl = await stack.fetch(
      'config',
      `/v1/scenarios/sales-invoice/attachments/${att.body.id}/content`,
    );
    expect(Buffer.from(await dl.arrayBuffer()).equals(file)).toBe(true);
    expect((await call(stack, 'GET', `/v1/layouts/${layout.body.id}`)).status).toBe(200);
    const resolved = await dispatcherSecrets(stack).resolve(stack.company, {
      scenario: 'sales-invoice',
    });
    expect(resolved.account.id).toBe(account.id);
    expect(resolved.secrets.password).toBe('S3cret-Passw0rd!');
  });

  it('copies a company without its secrets; copied accounts need credentials until given them', async () => {
    await using stack = await startStack({ services: ['config'] });
    const account = await createAccount(stack, smtpAccount({}, { senderSubstitution: 'send-as' }));
    const capture = await createAccount(stack, captureAccount());
    await call(stack, 'PUT', '/v1/scenarios/sales-invoice/account', { accountId: capture.id });
    await call(stack, 'POST', '/v1/scenarios', { code: 'custom-dunning', name: 'Dunning' });
    await call(stack, 'PUT', '/v1/company', { name: 'CRONUS', isTest: false });
    await call(stack, 'PUT', '/v1/view-policies', { userId: 'alice', policy: 'all' });
    await call(stack, 'PUT', '/v1/sending-profiles/EMAIL', {
      email: 'yes-use-default',
      isDefault: true,
    });
    await call(stack, 'PUT', '/v1/payment-services/paypal', {
      enabled: true,
      merchantEmail: 'pay@cronus.example',
    });
    const layout = await call(stack, 'POST', '/v1/layouts/builtin-sales-invoice-email/customise');
    await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      entries: [
        { sequence: 1, reportId: 1306, useForEmailBody: true, bodyLayoutId: layout.body.id },
      ],
    });
    await upload(stack, '/v1/scenarios/sales-invoice/attachments', {
      name: 't.pdf',
      type: 'application/pdf',
      data: Buffer.from('terms'),
    });
    await dispatcherSecrets(stack).storeUserToken(
      stack.company,
      account.id as string,
      'alice',
      'user-rt',
    );

    const target = `${stack.company}-test`;
    // Copying needs the right to administer the target (docs/security.md).
    const administers = { companies: [target] };
    const copy = await call(
      stack,
      'POST',
      '/v1/company/copy',
      { targetCompany: target, name: 'CRONUS (test)', isTest: true },
      administers,
    );
    expect(copy.status, copy.text).toBe(201);
    expect(copy.body.accountsNeedingCredentials).toEqual(
      expect.arrayContaining([account.id, capture.id]),
    );
    expectProblem(
      await call(
        stack,
        'POST',
        '/v1/company/copy',
        { targetCompany: target, name: 'Again' },
        administers,
      ),
      409,
      'CONFLICT',
    );
    expectProblem(
      await call(stack, 'POST', '/v1/company/copy', { targetCompany: stack.company, name: 'Self' }),
      400,
      'VALIDATION_FAILED',
    );

    const as = { company: target };
    const accounts = (await call(stack, 'GET', '/v1/accounts', undefined, as)).body.items as Record<
      string,
      unknown
    >[];
    expect(accounts).toHaveLength(2);
    for (const a of accounts) {
      expect(a).toMatchObject({ company: target, needsCredentials: true, secretsSet: [] });
    }
    expect((await call(stack, 'GET', '/v1/company', undefined, as)).body).toMatchObject({
      id: target,
      name: 'CRONUS (test)',
      isTest: true,
    });
    expect(
      (await call(stack, 'GET', '/v1/scenarios/sales-invoice', undefined, as)).body.accountId,
    ).toBe(capture.id);
    expect((await call(stack, 'GET', '/v1/scenarios/custom-dunning', undefined, as)).status).toBe(
      200,
    );
    expect((await call(stack, 'GET', '/v1/view-policies', undefined, as)).body.items).toEqual([
      { userId: 'alice', policy: 'all' },
    ]);
    expect(
      (await call(stack, 'GET', '/v1/sending-profiles/EMAIL', undefined, as)).body.isDefault,
    ).toBe(true);
    expect(
      (
        (await call(stack, 'GET', '/v1/payment-services', undefined, as)).body.paypal as {
          merchantEmail: string;
        }
      ).merchantEmail,
    ).toBe('pay@cronus.example');
    expect((await call(stack, 'GET', `/v1/layouts/${layout.body.id}`, undefined, as)).status).toBe(
      200,
    );
    expect(
      (await call(stack, 'GET', '/v1/report-selections/sales-invoice', undefined, as)).status,
    ).toBe(200);
    expect(
      (await call(stack, 'GET', '/v1/scenarios/sales-invoice/attachments', undefined, as)).body
        .items,
    ).toHaveLength(1);

    // No secret of the target exists; the copies cannot send.
    expect(Object.keys(await rawSecrets(stack)).filter((k) => k.startsWith(`${target}.`))).toEqual(
      [],
    );
    await expect(
      requestJson(
        stack.nc,
        Rpc.configResolveAccount,
        { company: target, accountId: account.id },
        ResolveAccountResponse,
      ),
    ).rejects.toMatchObject({ code: 'NEEDS_CREDENTIALS' });
    const token = await stack.nc.request(
      Rpc.configGetUserToken,
      JSON.stringify({ company: target, accountId: account.id, userId: 'alice' }),
    );
    expect(token.json()).toEqual({ token: null });

    // Given credentials, the copied account can send; the capture account needs only a confirming update.
    await call(
      stack,
      'PATCH',
      `/v1/accounts/${account.id}`,
      { secrets: { password: 'new-password' } },
      as,
    );
    const resolved = await dispatcherSecrets(stack).resolve(target, {
      accountId: account.id as string,
    });
    expect(resolved.secrets).toEqual({ password: 'new-password' });
    const confirmed = await call(
      stack,
      'PATCH',
      `/v1/accounts/${capture.id}`,
      { name: 'Capture' },
      as,
    );
    expect(confirmed.body.needsCredentials).toBe(false);
    // The source is untouched.
    const source = await dispatcherSecrets(stack).resolve(stack.company, {
      accountId: account.id as string,
    });
    expect(source.secrets.password).toBe('S3cret-Passw0rd!');
  });

  it('re-encrypts every secret under the first key with the rotate-secrets command', async () => {
    const oldKey = `old:${randomBytes(32).toString('base64')}`;
    const newKey = `new:${randomBytes(32).toString('base64')}`;
    await using stack = await startStack({ services: ['config'], env: { SECRETS_KEYS: oldKey } });
    const a = await createAccount(stack, smtpAccount());
    await call(stack, 'PATCH', `/v1/accounts/${a.id}`, { secrets: { clientSecret: 'cs-value' } });
    await dispatcherSecrets(stack).storeUserToken(stack.company, a.id as string, 'bob', 'bob-rt');
    const before = await rawSecrets(stack);
    expect(Object.values(before).map((e) => e.kid)).toEqual(['old', 'old', 'old']);

    const stdout = await runRotateSecrets({
      NATS_URL: stack.nats.url,
      SECRETS_KEYS: `${newKey},${oldKey}`,
    });
    expect(stdout).toContain('"rotated":3');
    const after = await rawSecrets(stack);
    expect(Object.values(after).map((e) => e.kid)).toEqual(['new', 'new', 'new']);

    // The old key can now be dropped: services with only the new key still open everything.
    await stack.stopService('config');
    await stack.start('config', { SECRETS_KEYS: newKey });
    const rotated = dispatcherSecrets(stack, newKey);
    const resolved = await rotated.resolve(stack.company, { accountId: a.id as string });
    expect(resolved.secrets).toEqual({ password: 'S3cret-Passw0rd!', clientSecret: 'cs-value' });
    expect(await rotated.userToken(stack.company, a.id as string, 'bob')).toEqual({
      refreshToken: 'bob-rt',
    });
  });
});
