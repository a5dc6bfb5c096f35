/**
 * The company's app registration for email: one tenant, app, credential,
 * redirect URI and cloud that Microsoft 365, Current User and SMTP OAuth
 * accounts refer to (an account may override), resolved for the dispatcher
 * with the registration's credential, copied with the company without its
 * secret, and an admin-consent URL per registration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResolveAccountResponse } from '@verzend/connectors';
import { Rpc, requestJson } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { call, createAccount, expectProblem } from './helpers';

const tls = join(import.meta.dirname, '..', 'fixtures', 'tls');
const CERT_PEM = `${readFileSync(join(tls, 'key.pem'), 'utf8')}${readFileSync(join(tls, 'cert.pem'), 'utf8')}`;

describe('config: app registrations', () => {
  it('is set up once, referred to by accounts, resolved with its credential, and never shows the secret', async () => {
    await using stack = await startStack({ services: ['config'] });
    const created = await call(stack, 'POST', '/v1/app-registrations', {
      name: 'Verzend email',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'app-1',
      cloud: 'us-government',
      redirectUri: 'https://verzend.contoso.example/oauth/callback',
      secrets: { clientSecret: 'reg-secret' },
    });
    expect(created.status, created.text).toBe(201);
    const reg = created.body;
    expect(reg).toMatchObject({ secretsSet: ['clientSecret'], cloud: 'us-government' });
    expect(created.text).not.toContain('reg-secret');
    const consent = new URL(String(reg.adminConsentUrl));
    expect(`${consent.origin}${consent.pathname}`).toBe(
      'https://login.microsoftonline.us/contoso.onmicrosoft.com/v2.0/adminconsent',
    );
    expect(Object.fromEntries(consent.searchParams)).toEqual({
      client_id: 'app-1',
      scope: 'https://graph.microsoft.us/.default',
      redirect_uri: 'https://verzend.contoso.example/oauth/callback',
    });

    // Accounts name the registration instead of repeating tenant, app and secret.
    const m365 = await createAccount(stack, {
      name: 'Invoices',
      emailAddress: 'invoices@contoso.example',
      settings: {
        connector: 'microsoft365',
        appRegistrationId: reg.id,
        sharedMailbox: 'invoices@contoso.example',
      },
    });
    expect(m365).toMatchObject({ needsCredentials: false, missingCredentials: [], secretsSet: [] });
    const me = await createAccount(stack, {
      name: 'Me',
      emailAddress: 'me@contoso.example',
      settings: { connector: 'current-user', appRegistrationId: reg.id },
    });
    const resolved = await requestJson(
      stack.nc,
      Rpc.configResolveAccount,
      { company: stack.company, accountId: String(me.id) },
      ResolveAccountResponse,
    );
    expect(resolved.account.settings).toMatchObject({
      connector: 'current-user',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'app-1',
      cloud: 'us-government',
      redirectUri: 'https://verzend.contoso.example/oauth/callback',
    });
    // The registration's credential travels sealed beside the account's (the dispatcher opens it).
    expect(resolved.secrets).toEqual({});
    expect(resolved.registration?.id).toBe(reg.id);
    expect(Object.keys(resolved.registration?.secrets ?? {})).toEqual(['clientSecret']);
    expect(JSON.stringify(resolved)).not.toContain('reg-secret');

    // An account that overrides the app does not inherit the registration's secret.
    const other = await createAccount(stack, {
      name: 'Other app',
      emailAddress: 'other@contoso.example',
      settings: {
        connector: 'microsoft365',
        appRegistrationId: reg.id,
        clientId: 'app-2',
        sharedMailbox: 'other@contoso.example',
      },
    });
    expect(other.needsCredentials).toBe(true);
    // Its own certificate overrides; the registration's tenant still applies.
    const fixed = await call(stack, 'PATCH', `/v1/accounts/${other.id}`, {
      secrets: { clientCertificate: CERT_PEM },
    });
    expect(fixed.body).toMatchObject({
      needsCredentials: false,
      secretsSet: ['clientCertificate'],
    });
    const otherResolved = await requestJson(
      stack.nc,
      Rpc.configResolveAccount,
      { company: stack.company, accountId: String(other.id) },
      ResolveAccountResponse,
    );
    expect(otherResolved.account.settings).toMatchObject({
      tenantId: 'contoso.onmicrosoft.com',
      clientId: 'app-2',
    });
    expect(Object.keys(otherResolved.secrets)).toEqual(['clientCertificate']);
    expect(otherResolved.registration).toBeUndefined();

    // A wrong reference, a bad certificate and deleting a registration in use are refused.
    expectProblem(
      await call(stack, 'POST', '/v1/accounts', {
        name: 'Dangling',
        emailAddress: 'x@contoso.example',
        settings: { connector: 'current-user', appRegistrationId: 'nope' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await call(stack, 'PATCH', `/v1/app-registrations/${reg.id}`, {
        secrets: { clientCertificate: 'not a pem' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await call(stack, 'DELETE', `/v1/app-registrations/${reg.id}`), 409, 'CONFLICT');
    expect((await call(stack, 'GET', '/v1/app-registrations')).body.items).toHaveLength(1);
  });

  it('is copied with the company without its secret: accounts using it need credentials there', async () => {
    await using stack = await startStack({ services: ['config'] });
    const reg = (
      await call(stack, 'POST', '/v1/app-registrations', {
        name: 'Verzend email',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: 'app-1',
        secrets: { clientCertificate: CERT_PEM },
      })
    ).body;
    const account = await createAccount(stack, {
      name: 'Invoices',
      emailAddress: 'invoices@contoso.example',
      settings: {
        connector: 'microsoft365',
        appRegistrationId: reg.id,
        sharedMailbox: 'invoices@contoso.example',
      },
    });
    expect(account.needsCredentials).toBe(false);
    const target = `${stack.company}-copy`;
    // Copying writes into the target, which the token must administer.
    const copy = await call(
      stack,
      'POST',
      '/v1/company/copy',
      { targetCompany: target, name: 'Copy', isTest: true },
      { companies: [target] },
    );
    expect(copy.status, copy.text).toBe(201);
    const as = { company: target };
    const copied = (await call(stack, 'GET', '/v1/app-registrations', undefined, as)).body
      .items as Record<string, unknown>[];
    expect(copied).toEqual([
      expect.objectContaining({ id: reg.id, company: target, clientId: 'app-1', secretsSet: [] }),
    ]);
    const accounts = (await call(stack, 'GET', '/v1/accounts', undefined, as)).body.items as {
      missingCredentials: string[];
    }[];
    expect(accounts[0]?.missingCredentials).toEqual(
      expect.arrayContaining([expect.stringMatching(/^clientSecret or clientCertificate/)]),
    );
    // The source keeps its secret.
    expect((await call(stack, 'GET', `/v1/app-registrations/${reg.id}`)).body.secretsSet).toEqual([
      'clientCertificate',
    ]);
  });
});
