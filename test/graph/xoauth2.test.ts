/**
 * OAuth 2.0 for SMTP: XOAUTH2 tokens from the token endpoint (client
 * credentials and a connected user's delegated token) accepted by a real SMTP
 * server, both through the token provider and through the dispatcher's SMTP
 * connector.
 */

import type { Account } from '@verzend/connectors';
import { createSmtpTokenProvider, smtpDelegatedScope } from '@verzend/connectors';
import type { EmailRecord } from '@verzend/shared';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { compose, waitForStatus } from '../dispatcher/helpers';
import { GraphDouble } from '../graph-double';
import { SmtpSink, startStack } from '../harness';
import { APP, connectUser, type GraphFixture, startGraphFixture, TENANT, USER } from './fixture';
import { createXoauth2Account, MAILBOX, smtpOauthAccount } from './smtp-oauth-account';

let fx: GraphFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

const smtpAccount = (port: number, mode: 'client-credentials' | 'delegated'): Account =>
  smtpOauthAccount(port, {
    oauth: {
      tenantId: TENANT,
      clientId: APP.clientId,
      mode,
      scope: 'https://outlook.office365.com/.default',
    },
  });

async function sendWith(port: number, user: string, accessToken: string): Promise<void> {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    auth: { type: 'OAuth2', user, accessToken },
  });
  try {
    await transport.sendMail({
      from: MAILBOX,
      to: 'ap@fabrikam.example',
      subject: 'XOAUTH2',
      text: 'hello',
    });
  } finally {
    transport.close();
  }
}

describe('XOAUTH2 token provider', () => {
  it('gets an app token with client credentials that the SMTP server accepts', async () => {
    fx = await startGraphFixture();
    fx.double.identity.presetAccessTokens.push('smtp-app-token-1');
    await using sink = await SmtpSink.start({ oauthTokens: { [MAILBOX]: 'smtp-app-token-1' } });
    const provider = createSmtpTokenProvider(fx.runtime.tokens);
    const acc = smtpAccount(sink.port, 'client-credentials');
    const token = await provider({
      account: acc,
      secrets: { clientSecret: APP.clientSecret },
      user: undefined,
    });
    expect(token).toMatchObject({ user: MAILBOX, accessToken: 'smtp-app-token-1' });
    await sendWith(sink.port, token.user, token.accessToken);
    await sink.waitFor(1);
    expect(sink.messages[0]?.user).toBe(MAILBOX);
    const grant = fx.double.identity.tokenRequests[0];
    expect(grant).toMatchObject({ grant: 'client_credentials', ok: true });
    // Cached until close to expiry.
    await provider({ account: acc, secrets: { clientSecret: APP.clientSecret }, user: undefined });
    expect(fx.double.identity.tokenRequests).toHaveLength(1);
  });

  it('drops a refused token so the next send gets a fresh one', async () => {
    fx = await startGraphFixture();
    fx.double.identity.presetAccessTokens.push('stale-token', 'fresh-token');
    await using sink = await SmtpSink.start({ oauthTokens: { [MAILBOX]: 'fresh-token' } });
    const provider = createSmtpTokenProvider(fx.runtime.tokens);
    const acc = smtpAccount(sink.port, 'client-credentials');
    const first = await provider({
      account: acc,
      secrets: { clientSecret: APP.clientSecret },
      user: undefined,
    });
    await expect(sendWith(sink.port, first.user, first.accessToken)).rejects.toThrow();
    expect(sink.authFailures).toBeGreaterThan(0);
    await first.invalidate();
    const second = await provider({
      account: acc,
      secrets: { clientSecret: APP.clientSecret },
      user: undefined,
    });
    expect(second.accessToken).toBe('fresh-token');
    await sendWith(sink.port, second.user, second.accessToken);
    await sink.waitFor(1);
  });

  it("logs in with the identity a connected user's delegated token was issued to", async () => {
    fx = await startGraphFixture();
    fx.double.identity.smtpMailboxes.set(APP.clientId, new Set());
    await using sink = await SmtpSink.start({
      oauthVerifier: (user, token) => fx?.double.identity.checkXoauth2(user, token),
    });
    const acc = smtpAccount(sink.port, 'delegated');
    const scope = acc.settings.connector === 'smtp' ? (acc.settings.oauth?.scope ?? '') : '';
    await connectUser(fx, acc, 'anna', USER.email, smtpDelegatedScope(scope));
    const provider = createSmtpTokenProvider(fx.runtime.tokens);
    const token = await provider({
      account: acc,
      secrets: { clientSecret: APP.clientSecret },
      user: { id: 'anna', email: 'anna.alias@contoso.example', name: 'Anna', licence: 'full' },
    });
    // The mailbox that signed in, not the account's user name nor the user's contact email.
    expect(token).toMatchObject({ user: USER.email, origin: 'stored' });
    await sendWith(sink.port, token.user, token.accessToken);
    await sink.waitFor(1);
    expect(sink.logins).toEqual([{ method: 'XOAUTH2', user: USER.email, refused: undefined }]);
    // Exchange's rule, enforced by the sink: the same token with the account's user name is refused.
    await expect(sendWith(sink.port, MAILBOX, token.accessToken)).rejects.toThrow();
    expect(sink.logins.at(-1)?.refused).toMatch(/issued to anna@contoso.example/);
  });

  it('tells an unconnected user to connect, and refuses a wrong client secret', async () => {
    fx = await startGraphFixture();
    const provider = createSmtpTokenProvider(fx.runtime.tokens);
    const user = { id: 'bob', email: 'bob@contoso.example', name: 'Bob', licence: 'full' as const };
    await expect(
      provider({
        account: smtpAccount(1, 'delegated'),
        secrets: { clientSecret: APP.clientSecret },
        user,
      }),
    ).rejects.toMatchObject({ code: 'NOT_CONNECTED', retry: false });
    await expect(
      provider({
        account: smtpAccount(1, 'client-credentials'),
        secrets: { clientSecret: 'x' },
        user,
      }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED', retry: false });
  });
});

describe('SMTP connector with OAuth 2.0 through the outbox', () => {
  it('sends with an XOAUTH2 token from the token endpoint', async () => {
    const double = await GraphDouble.start();
    double.registerApp(APP);
    double.identity.presetAccessTokens.push('outbox-smtp-token');
    await using sink = await SmtpSink.start({ oauthTokens: { [MAILBOX]: 'outbox-smtp-token' } });
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { OAUTH_AUTHORITY: double.authority } },
    });
    try {
      const res = await createXoauth2Account(stack, sink.port, MAILBOX, {
        settings: {
          oauth: { tenantId: TENANT, clientId: APP.clientId, mode: 'client-credentials' },
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const created = (await res.json()) as Account;
      const sent = await compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: 'Over XOAUTH2',
        text: 'hello',
        accountId: created.id,
      });
      const done = await waitForStatus(stack, ((await sent.json()) as EmailRecord).id, [
        'sent',
        'failed',
      ]);
      expect(done.status, done.lastError ?? '').toBe('sent');
      await sink.waitFor(1);
      expect(sink.messages[0]?.user).toBe(MAILBOX);
      expect(double.identity.tokenRequests).toEqual([
        { grant: 'client_credentials', clientId: APP.clientId, ok: true },
      ]);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it('sends with a static access token when the account has no token endpoint, and says what an OAuth account lacks', async () => {
    await using sink = await SmtpSink.start({ oauthTokens: { [MAILBOX]: 'static-token-1' } });
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const create = (settings: Record<string, unknown>, secrets: Record<string, string>) =>
      createXoauth2Account(stack, sink.port, MAILBOX, { settings, secrets });
    const res = await create({}, { accessToken: 'static-token-1' });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as Account;
    expect(created).toMatchObject({ needsCredentials: false, missingCredentials: [] });
    const sent = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Static token',
      text: 'hello',
      accountId: created.id,
    });
    const done = await waitForStatus(stack, ((await sent.json()) as EmailRecord).id, [
      'sent',
      'failed',
    ]);
    expect(done.status, done.lastError ?? '').toBe('sent');
    expect(sink.messages[0]?.user).toBe(MAILBOX);

    // With a token endpoint, a stored access token does not make the account usable: the app secret does.
    const withEndpoint = await create(
      { oauth: { tenantId: TENANT, clientId: APP.clientId } },
      { accessToken: 'static-token-1' },
    );
    expect(withEndpoint.status).toBe(201);
    const pending = (await withEndpoint.json()) as Account;
    expect(pending.needsCredentials).toBe(true);
    expect(pending.missingCredentials).toEqual([
      expect.stringMatching(/^clientSecret or clientCertificate: /),
    ]);
  });
});
