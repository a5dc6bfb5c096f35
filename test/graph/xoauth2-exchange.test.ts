/**
 * SMTP XOAUTH2 against Exchange Online's rules, enforced by the SMTP sink with
 * the identity double's check: the XOAUTH2 user must be the identity the token
 * was issued to, the token must be for Exchange and not revoked. A refused
 * cached token is dropped and replaced once; refusals say which user, scope and
 * token were used.
 */
import { type Account, createSmtpTokenProvider, SmtpConnector } from '@verzend/connectors';
import {
  createLogger,
  createRegistry,
  type EmailRecord,
  OutboundGuard,
  Telemetry,
} from '@verzend/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { compose } from '../dispatcher/helpers';
import { GraphDouble } from '../graph-double';
import { SmtpSink, startStack } from '../harness';
import { APP, type GraphFixture, message, startGraphFixture, TENANT, USER } from './fixture';
import { connectOverHttp } from './sign-in';
import { createXoauth2Account, MAILBOX, smtpOauthAccount } from './smtp-oauth-account';

const logger = createLogger({ service: 'test', level: 'silent' });

let fx: GraphFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

const smtpAccount = smtpOauthAccount;

function connectorFor(f: GraphFixture): SmtpConnector {
  const tokens = createSmtpTokenProvider(f.runtime.tokens);
  return new SmtpConnector({
    logger,
    telemetry: new Telemetry({ service: 'test', logger, registry: createRegistry('test', false) }),
    blobs: undefined as never,
    captureDir: '/tmp',
    sendTimeoutMs: 10_000,
    getAccessToken: (acc, secrets, user) => tokens({ account: acc, secrets, user }),
    outbound: new OutboundGuard({ allow: ['127.0.0.0/8'], denyPrivate: false }),
  });
}

const ctxFor = (acc: Account) => ({
  account: acc,
  secrets: { clientSecret: APP.clientSecret },
  logger,
  telemetry: new Telemetry({ service: 'test', logger, registry: createRegistry('test', false) }),
  signal: new AbortController().signal,
});

async function exchangeSink(f: GraphFixture): Promise<SmtpSink> {
  return SmtpSink.start({
    oauthVerifier: (user, token) => f.double.identity.checkXoauth2(user, token),
  });
}

describe('XOAUTH2 as Exchange Online checks it', () => {
  it('drops a token the server refused, gets a new one once and sends; a second refusal is permanent', async () => {
    fx = await startGraphFixture();
    fx.double.identity.smtpMailboxes.set(APP.clientId, new Set([MAILBOX]));
    await using sink = await exchangeSink(fx);
    const smtp = connectorFor(fx);
    try {
      const acc = smtpAccount(sink.port);
      await smtp.send(message(), ctxFor(acc));
      // The server revokes every token it issued (e.g. consent withdrawn and granted again);
      // the next connection (here: after an account change) signs in with the cached token.
      fx.double.identity.revokeAccessTokens();
      const changed = { ...acc, version: 2 };
      const again = await smtp.send(message(), ctxFor(changed));
      expect(again.response).toMatch(/refused a cached token and a new one was fetched/);
      expect(sink.messages).toHaveLength(2);
      expect(fx.double.identity.tokenRequests.map((r) => r.grant)).toEqual([
        'client_credentials',
        'client_credentials',
      ]);
      const accepted = sink.logins.map((l) => l.refused === undefined);
      expect([accepted[0], accepted.at(-1), accepted.includes(false)]).toEqual([true, true, true]);

      // The app loses its mailbox permission: the new token is refused too, for good.
      fx.double.identity.smtpMailboxes.set(APP.clientId, new Set());
      fx.double.identity.revokeAccessTokens();
      const err = await smtp
        .send(message(), ctxFor({ ...acc, version: 3 }))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false, providerStatus: 535 });
      expect((err as Error).message).toMatch(/It had first refused a cached token/);
      expect(fx.double.identity.tokenRequests).toHaveLength(3);
    } finally {
      await smtp.close();
    }
  });

  it('names the user, scope and token of a refused login: wrong user and wrong resource read differently', async () => {
    fx = await startGraphFixture();
    fx.double.identity.smtpMailboxes.set(APP.clientId, new Set([MAILBOX]));
    await using sink = await exchangeSink(fx);
    const smtp = connectorFor(fx);
    try {
      const wrongUser = smtpAccount(sink.port, { userName: 'other@contoso.example' });
      const a = await smtp.send(message(), ctxFor(wrongUser)).catch((e: unknown) => e);
      expect(a).toMatchObject({ code: 'AUTH_FAILED', retry: false });
      const textA = (a as Error).message;
      expect(textA).toContain('other@contoso.example');
      expect(textA).toContain('new token');
      expect(textA).toContain(
        'It had first refused a new token, so a new one was fetched and refused too',
      );
      expect(textA).toContain('scope "https://outlook.office365.com/.default"');
      expect(textA).toContain(`app ${APP.clientId} in tenant ${TENANT} (client credentials)`);

      const graphScope = `${fx.double.url}/.default`;
      const wrongResource = smtpAccount(sink.port, {
        oauth: {
          tenantId: TENANT,
          clientId: APP.clientId,
          mode: 'client-credentials',
          scope: graphScope,
        },
      });
      const b = await smtp.send(message(), ctxFor(wrongResource)).catch((e: unknown) => e);
      expect((b as Error).message).toContain(`scope "${graphScope}"`);
      // (nodemailer answers an XOAUTH2 error challenge by trying the same token once more.)
      expect([...new Set(sink.logins.map((l) => l.refused))]).toEqual([
        `app ${APP.clientId} may not send as other@contoso.example (SMTP.SendAsApp and mailbox permission)`,
        `the token is for ${fx.double.url}, not Exchange Online`,
      ]);
    } finally {
      await smtp.close();
    }
  });
});

describe("XOAUTH2 with each user's sign-in through the dispatcher", () => {
  it('logs in as the mailbox that signed in (Current User sender), not the account user name', async () => {
    const double = await GraphDouble.start();
    double.registerApp(APP);
    double.registerUser(USER);
    await using sink = await SmtpSink.start({
      oauthVerifier: (user, token) => double.identity.checkXoauth2(user, token),
    });
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { OAUTH_AUTHORITY: double.authority } },
    });
    try {
      const created = await createXoauth2Account(stack, sink.port, MAILBOX, {
        maxAttempts: 1,
        settings: {
          senderType: 'current-user',
          oauth: {
            tenantId: TENANT,
            clientId: APP.clientId,
            mode: 'delegated',
            scope: 'https://outlook.office.com/SMTP.Send',
          },
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const acc = (await created.json()) as Account;
      const anna = { sub: 'anna', email: USER.email, perms: ['email-edit' as const] };
      await connectOverHttp(stack, acc.id, anna);

      const res = await compose(
        stack,
        { to: ['ap@fabrikam.example'], subject: 'From my mailbox', text: 'hi', accountId: acc.id },
        { claims: anna },
      );
      expect(res.status).toBe(202);
      const id = ((await res.json()) as EmailRecord).id;
      let record: EmailRecord | undefined;
      for (let i = 0; i < 200 && !['sent', 'failed'].includes(record?.status ?? ''); i++) {
        await new Promise((r) => setTimeout(r, 50));
        record = (await (
          await stack.fetch('dispatcher', `/v1/emails/${id}`, { claims: anna })
        ).json()) as EmailRecord;
      }
      expect(record?.status, record?.lastError ?? '').toBe('sent');
      expect(sink.logins).toEqual([{ method: 'XOAUTH2', user: USER.email, refused: undefined }]);
      expect(sink.messages[0]?.parsed.from?.value[0]?.address).toBe(USER.email);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });
});
