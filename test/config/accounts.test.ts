import { ResolveAccountResponse } from '@verzend/connectors';
import { Rpc, requestJson } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import {
  answer,
  call,
  captureAccount,
  createAccount,
  errorPaths,
  expectProblem,
  smtpAccount,
} from './helpers';

describe('config: accounts', () => {
  it('creates, reads, lists, updates and deletes accounts with per-connector defaults', async () => {
    await using stack = await startStack({ services: ['config'] });
    const smtp = await createAccount(stack, smtpAccount());
    expect(smtp).toMatchObject({
      name: 'Sales',
      isDefault: true,
      needsCredentials: false,
      secretsSet: ['password'],
      rateLimitPerMinute: 0,
      concurrencyLimit: 3,
      dailyRecipientQuota: 0,
      version: 1,
      company: stack.company,
    });
    expect(smtp).not.toHaveProperty('secrets');

    const m365 = await createAccount(stack, {
      name: 'Shared mailbox',
      emailAddress: 'invoices@cronus.example',
      settings: {
        connector: 'microsoft365',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '00000000-0000-0000-0000-000000000001',
        sharedMailbox: 'invoices@cronus.example',
      },
    });
    expect(m365).toMatchObject({
      isDefault: false,
      rateLimitPerMinute: 30,
      dailyRecipientQuota: 10_000,
      needsCredentials: true,
      secretsSet: [],
    });

    const list = await call(stack, 'GET', '/v1/accounts');
    expect((list.body.items as { id: string }[]).map((a) => a.id)).toEqual([smtp.id, m365.id]);

    const updated = await call(stack, 'PATCH', `/v1/accounts/${m365.id}`, {
      rateLimitPerMinute: 10,
      secrets: { clientSecret: 'client-secret-value' },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({
      rateLimitPerMinute: 10,
      needsCredentials: false,
      version: 2,
    });

    const read = await call(stack, 'GET', `/v1/accounts/${m365.id}`);
    expect(read.body).toMatchObject({ version: 2, secretsSet: ['clientSecret'] });

    expect((await call(stack, 'DELETE', `/v1/accounts/${m365.id}`)).status).toBe(204);
    expectProblem(await call(stack, 'GET', `/v1/accounts/${m365.id}`), 404, 'NOT_FOUND');
  });

  it('names the field of every validation error', async () => {
    await using stack = await startStack({ services: ['config'] });
    const cases: [unknown, string][] = [
      [smtpAccount({}, { connector: 'pigeon' }), 'settings.connector'],
      [smtpAccount({ emailAddress: 'not an address' }), 'emailAddress'],
      [smtpAccount({}, { port: 70_000 }), 'settings.port'],
      [smtpAccount({ concurrencyLimit: 11 }), 'concurrencyLimit'],
      [smtpAccount({ maxAttempts: 0 }), 'maxAttempts'],
      [smtpAccount({ rateLimitPerMinute: -1 }), 'rateLimitPerMinute'],
      [smtpAccount({}, { userName: undefined }), 'settings.userName'],
      [smtpAccount({}, { auth: 'oauth2', oauth: { tenantId: 't' } }), 'settings.oauth.clientId'],
      ...['javascript:alert(document.cookie)', 'http://verzend.example/cb', 'data:text/html,x'].map(
        (redirectUri): [unknown, string] => [
          {
            name: 'Mine',
            emailAddress: 'me@cronus.example',
            settings: { connector: 'current-user', tenantId: 't', clientId: 'c', redirectUri },
          },
          'settings.redirectUri',
        ],
      ),
      [smtpAccount({ name: 'Bad\r\nBcc: x@y.z' }), 'name'],
      [smtpAccount({ secrets: { pin: '1' } }), 'secrets'],
      [
        { ...captureAccount(), settings: { connector: 'capture', allowlist: ['nope'] } },
        'settings.allowlist.0',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await call(stack, 'POST', '/v1/accounts', body);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorPaths(problem).join(' '), JSON.stringify(problem)).toContain(field);
    }
    expect((await call(stack, 'GET', '/v1/accounts')).body.items).toEqual([]);
    // https, or http for a loopback host (a local development callback), are redirect URIs.
    for (const redirectUri of [
      'https://verzend.example/oauth/callback',
      'http://localhost:8080/cb',
    ]) {
      const ok = await call(stack, 'POST', '/v1/accounts', {
        name: `Mine ${redirectUri}`,
        emailAddress: 'me@cronus.example',
        settings: { connector: 'current-user', tenantId: 't', clientId: 'c', redirectUri },
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    }
    const bad = await stack.fetch('config', '/v1/accounts', {
      method: 'POST',
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    const huge = await call(
      stack,
      'POST',
      '/v1/accounts',
      smtpAccount({ name: 'x'.repeat(300_000) }),
    );
    expectProblem(huge, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('removes one secret on request, after which the account needs credentials again', async () => {
    await using stack = await startStack({ services: ['config'] });
    const account = await createAccount(stack, smtpAccount());
    const cleared = await call(stack, 'DELETE', `/v1/accounts/${account.id}/secrets/password`);
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).toMatchObject({ secretsSet: [], needsCredentials: true, version: 2 });
    expectProblem(
      await call(stack, 'DELETE', `/v1/accounts/${account.id}/secrets/password`),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(stack, 'DELETE', `/v1/accounts/${account.id}/secrets/pin`),
      400,
      'VALIDATION_FAILED',
    );
    await expect(
      requestJson(
        stack.nc,
        Rpc.configResolveAccount,
        { company: stack.company, accountId: account.id },
        ResolveAccountResponse,
      ),
    ).rejects.toMatchObject({ code: 'NEEDS_CREDENTIALS' });
  });

  it('keeps exactly one default and guards deleting it', async () => {
    await using stack = await startStack({ services: ['config'] });
    const a = await createAccount(stack, captureAccount('A'));
    const b = await createAccount(stack, captureAccount('B'));
    const c = await createAccount(stack, captureAccount('C'));
    expect(a.isDefault).toBe(true);

    const refused = expectProblem(
      await call(stack, 'DELETE', `/v1/accounts/${a.id}`),
      409,
      'DEFAULT_ACCOUNT_REQUIRED',
    );
    expect(refused.candidates).toEqual(expect.arrayContaining([b.id, c.id]));
    expect((await call(stack, 'GET', `/v1/accounts/${a.id}`)).status).toBe(200);
    expectProblem(
      await call(stack, 'DELETE', `/v1/accounts/${a.id}?newDefault=${a.id}`),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await call(stack, 'DELETE', `/v1/accounts/${b.id}?newDefault=${c.id}`),
      400,
      'VALIDATION_FAILED',
    );

    expect((await call(stack, 'DELETE', `/v1/accounts/${a.id}?newDefault=${c.id}`)).status).toBe(
      204,
    );
    let accounts = (await call(stack, 'GET', '/v1/accounts')).body.items as {
      id: string;
      isDefault: boolean;
    }[];
    expect(accounts.filter((x) => x.isDefault).map((x) => x.id)).toEqual([c.id]);

    const made = await call(stack, 'POST', `/v1/accounts/${b.id}/default`);
    expect(made.body.isDefault).toBe(true);
    accounts = (await call(stack, 'GET', '/v1/accounts')).body.items as {
      id: string;
      isDefault: boolean;
    }[];
    expect(accounts.filter((x) => x.isDefault).map((x) => x.id)).toEqual([b.id]);

    // The only remaining account is promoted automatically.
    expect((await call(stack, 'DELETE', `/v1/accounts/${b.id}`)).status).toBe(204);
    accounts = (await call(stack, 'GET', '/v1/accounts')).body.items as {
      id: string;
      isDefault: boolean;
    }[];
    expect(accounts).toMatchObject([{ id: c.id, isDefault: true }]);
    expect((await call(stack, 'DELETE', `/v1/accounts/${c.id}`)).status).toBe(204);
    const next = await createAccount(stack, captureAccount('D'));
    expect(next.isDefault).toBe(true);
  });

  it('elects exactly one default when the first accounts are created at once', async () => {
    await using stack = await startStack({ services: ['config'] });
    await Promise.all([1, 2, 3, 4, 5].map((i) => createAccount(stack, captureAccount(`N${i}`))));
    const accounts = (await call(stack, 'GET', '/v1/accounts')).body.items as {
      isDefault: boolean;
    }[];
    expect(accounts.filter((a) => a.isDefault)).toHaveLength(1);
  });

  it('allows at most one substituting SMTP account per company', async () => {
    await using stack = await startStack({ services: ['config'] });
    const first = await createAccount(stack, smtpAccount({}, { senderSubstitution: 'send-as' }));
    expectProblem(
      await call(
        stack,
        'POST',
        '/v1/accounts',
        smtpAccount({ name: 'Second' }, { senderSubstitution: 'send-on-behalf' }),
      ),
      409,
      'SUBSTITUTION_ACCOUNT_EXISTS',
    );
    const plain = await createAccount(stack, smtpAccount({ name: 'Plain' }));
    expectProblem(
      await call(stack, 'PATCH', `/v1/accounts/${plain.id}`, {
        settings: { ...(first.settings as object), senderSubstitution: 'send-as' },
      }),
      409,
      'SUBSTITUTION_ACCOUNT_EXISTS',
    );
    expect((await call(stack, 'GET', `/v1/accounts/${plain.id}`)).body.version).toBe(1);
    // Once the first stops substituting, another may.
    const off = await call(stack, 'PATCH', `/v1/accounts/${first.id}`, {
      settings: { ...(first.settings as object), senderSubstitution: 'none' },
    });
    expect(off.status, off.text).toBe(200);
    const on = await call(stack, 'PATCH', `/v1/accounts/${plain.id}`, {
      settings: { ...(first.settings as object), senderSubstitution: 'send-on-behalf' },
    });
    expect(on.status, on.text).toBe(200);
    expect(on.body.version).toBe(2);
  });

  it('asks the dispatcher to test an account, and says 503 when none answers', async () => {
    await using stack = await startStack({ services: ['config'] });
    const account = await createAccount(stack, smtpAccount());
    expectProblem(
      await call(stack, 'POST', `/v1/accounts/${account.id}/test`, {}),
      503,
      'UNAVAILABLE',
    );
    const bodiless = await stack.fetch('config', `/v1/accounts/${account.id}/test`, {
      method: 'POST',
    });
    expect(bodiless.status).toBe(503);

    const dispatcher = answer(stack.nc, Rpc.dispatcherTestAccount, (r) => ({
      ok: true,
      message: `tested ${String(r.accountId)}`,
      durationMs: 12,
    }));
    await stack.nc.flush();
    const res = await call(stack, 'POST', `/v1/accounts/${account.id}/test`, {
      sendTestTo: 'me@cronus.example',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ok: true, message: `tested ${String(account.id)}`, durationMs: 12 });
    expect(dispatcher.requests[0]).toMatchObject({
      company: stack.company,
      accountId: account.id,
      sendTestTo: 'me@cronus.example',
      userId: 'admin',
    });
    expectProblem(await call(stack, 'POST', '/v1/accounts/nope/test', {}), 404, 'NOT_FOUND');
    dispatcher.unsubscribe();
  });
});
