/**
 * Certificate credentials (client assertions, RFC 7523) beside client
 * secrets: the identity double checks the assertion's signature against the
 * registered certificate, its thumbprint, audience and lifetime. Through the
 * whole stack the certificate lives on the company's app registration.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '@verzend/connectors';
import type { EmailRecord } from '@verzend/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compose, waitForStatus } from '../dispatcher/helpers';
import { GraphDouble } from '../graph-double';
import { startStack } from '../harness';
import {
  account,
  context,
  type GraphFixture,
  message,
  SHARED,
  startGraphFixture,
  TENANT,
} from './fixture';

const tls = join(import.meta.dirname, '..', 'fixtures', 'tls');
const CERT = readFileSync(join(tls, 'cert.pem'), 'utf8');
const CREDENTIAL = `${readFileSync(join(tls, 'key.pem'), 'utf8')}${CERT}`;
const CERT_APP = { tenantId: TENANT, clientId: 'app-cert', certificatePem: CERT };

/** An app-only Microsoft 365 account of the certificate app. */
const certAccount = () =>
  account({
    connector: 'microsoft365',
    tenantId: TENANT,
    clientId: CERT_APP.clientId,
    sharedMailbox: SHARED,
    mode: 'app-only',
  });

let other: string;
let dir: string;
beforeAll(() => {
  // Another key and certificate, not registered on the app.
  dir = mkdtempSync(join(tmpdir(), 'verzend-cert-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=other', '-days', '1'].concat([
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
    ]),
    { stdio: 'ignore' },
  );
  other = `${readFileSync(join(dir, 'k.pem'), 'utf8')}${readFileSync(join(dir, 'c.pem'), 'utf8')}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fx: GraphFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

describe('certificate credentials', () => {
  it('gets an app token with a client assertion signed by the registered certificate', async () => {
    fx = await startGraphFixture();
    fx.double.registerApp(CERT_APP);
    const acc = certAccount();
    await fx.m365.send(message(), context(acc, { clientCertificate: CREDENTIAL }));
    expect(fx.double.sent).toHaveLength(1);
    expect(fx.double.identity.tokenRequests).toEqual([
      { grant: 'client_credentials', clientId: CERT_APP.clientId, ok: true },
    ]);
    // A secret is no credential for an app that has only a certificate.
    const secret = await fx.m365
      .send(message(), context({ ...acc, id: `${acc.id}-s` }, { clientSecret: 'guess' }))
      .catch((e: unknown) => e);
    expect(secret).toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('names the fix when the certificate is not the registered one', async () => {
    fx = await startGraphFixture();
    fx.double.registerApp(CERT_APP);
    const acc = certAccount();
    const err = await fx.m365
      .send(message(), context(acc, { clientCertificate: other }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false });
    expect((err as Error).message).toMatch(/AADSTS700027.*upload the certificate's public part/);
    expect(fx.double.sent).toHaveLength(0);
  });

  it('sends through the stack with the certificate of the company app registration', async () => {
    const double = await GraphDouble.start();
    double.registerApp(CERT_APP);
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: {
        dispatcher: { GRAPH_BASE_URL: double.graphBaseUrl, OAUTH_AUTHORITY: double.authority },
      },
    });
    try {
      const reg = await stack.fetch('config', '/v1/app-registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Verzend email',
          tenantId: TENANT,
          clientId: CERT_APP.clientId,
          secrets: { clientCertificate: CREDENTIAL },
        }),
      });
      expect(reg.status, await reg.clone().text()).toBe(201);
      const { id: appRegistrationId } = (await reg.json()) as { id: string };
      const created = await stack.fetch('config', '/v1/accounts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Sales',
          emailAddress: SHARED,
          rateLimitPerMinute: 0,
          settings: { connector: 'microsoft365', appRegistrationId, sharedMailbox: SHARED },
        }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const acc = (await created.json()) as Account;
      expect(acc.needsCredentials).toBe(false);
      const res = await compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: 'Signed with a certificate',
        text: 'x',
        accountId: acc.id,
      });
      const done = await waitForStatus(stack, ((await res.json()) as EmailRecord).id, [
        'sent',
        'failed',
      ]);
      expect(done.status, done.lastError ?? '').toBe('sent');
      expect(double.sent[0]).toMatchObject({ mailbox: SHARED, tokenKind: 'app' });
    } finally {
      await stack.stop();
      await double.stop();
    }
  });
});
