/**
 * Microsoft 365 connector against the Graph test double: app-only and
 * delegated sends, licence rule, and Graph errors mapped to stable codes.
 */
import { DeliveryError, ForbiddenError } from '@verzend/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  account,
  appOnly,
  bytesAttachment,
  connectUser,
  context,
  currentUser,
  delegated,
  type GraphFixture,
  message,
  SHARED,
  sha256,
  startGraphFixture,
  USER,
} from './fixture';

let fx: GraphFixture;
beforeEach(async () => {
  fx = await startGraphFixture();
});
afterEach(async () => {
  await fx.stop();
});

describe('Microsoft 365 connector, app-only', () => {
  it('sends a small mail with one sendMail from the shared mailbox', async () => {
    const pdf = Buffer.from('%PDF-1.7 invoice 103045');
    const acc = account(appOnly());
    const result = await fx.m365.send(
      message({ attachments: [bytesAttachment('SI-103045.pdf', pdf)] }),
      context(acc),
    );
    expect(result.providerStatus).toBe(202);
    expect(fx.double.sent).toHaveLength(1);
    const sent = fx.double.sent[0]!;
    expect(sent).toMatchObject({
      mailbox: SHARED,
      via: 'sendMail',
      tokenKind: 'app',
      saveToSentItems: true,
    });
    expect(sent.message).toMatchObject({
      subject: 'Invoice 103045',
      body: { contentType: 'HTML', content: '<p>Please find the invoice attached.</p>' },
      from: { emailAddress: { address: SHARED } },
      toRecipients: [{ emailAddress: { address: 'ap@fabrikam.example', name: 'Fabrikam AP' } }],
      internetMessageHeaders: [{ name: 'X-Verzend-Document', value: 'SI-103045' }],
    });
    expect(sent.attachments).toEqual([
      expect.objectContaining({
        name: 'SI-103045.pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        via: 'sendMail',
      }),
    ]);
    expect(fx.double.requests.map((r) => r.path)).toContain(
      `/v1.0/users/${encodeURIComponent(SHARED)}/sendMail`,
    );
  });

  it('reuses the cached app token across sends', async () => {
    const acc = account(appOnly());
    await fx.m365.send(message(), context(acc));
    await fx.m365.send(message(), context(acc));
    expect(
      fx.double.identity.tokenRequests.filter((r) => r.grant === 'client_credentials'),
    ).toHaveLength(1);
  });

  it('refuses a wrong client secret with AUTH_FAILED naming AADSTS7000215', async () => {
    const acc = account(appOnly());
    const err = await fx.m365
      .send(message(), context(acc, { clientSecret: 'the-secret-id' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false });
    expect((err as Error).message).toMatch(/AADSTS7000215/);
    expect(fx.double.sent).toHaveLength(0);
  });

  it('asks for the client secret when the account has none', async () => {
    const err = await fx.m365
      .send(message(), context(account(appOnly()), {}))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NEEDS_CREDENTIALS', retry: false });
  });

  it('checks the app with a token in test()', async () => {
    const ok = await fx.m365.test(context(account(appOnly())));
    expect(ok.message).toMatch(/Signed in as app/);
    await expect(
      fx.m365.test(context(account(appOnly()), { clientSecret: 'nope' })),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
  });
});

describe('Microsoft 365 connector, delegated', () => {
  it('sends through /me with from = the shared mailbox, with the connected user token', async () => {
    const acc = account(delegated());
    await connectUser(fx, acc);
    await fx.m365.send(message(), context(acc));
    const sent = fx.double.sent[0]!;
    expect(sent).toMatchObject({
      mailbox: USER.email,
      tokenKind: 'user',
      user: USER.email,
      via: 'sendMail',
    });
    expect(sent.message.from).toEqual({ emailAddress: { address: SHARED, name: 'CRONUS Sales' } });
    expect(fx.double.requests.map((r) => r.path)).toContain('/v1.0/me/sendMail');
  });

  it('tells a user who has not connected how to connect', async () => {
    const acc = account(delegated());
    const err = await fx.m365.send(message(), context(acc)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_CONNECTED', retry: false });
    expect((err as Error).message).toContain(`POST /v1/accounts/${acc.id}/connect`);
  });
});

describe('Graph connectors, licence rule', () => {
  it.each(['delegated-admin', 'external-accountant'] as const)(
    'refuses a %s with 403 LICENCE_NOT_ALLOWED before calling Graph',
    async (licence) => {
      const err = await fx.m365
        .send(
          message({ user: { id: 'x', email: USER.email, name: 'X', licence } }),
          context(account(appOnly())),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ForbiddenError);
      expect(err).toMatchObject({ code: 'LICENCE_NOT_ALLOWED', status: 403, retry: false });
      const cu = await fx.currentUser
        .send(
          message({ user: { id: 'x', email: USER.email, name: 'X', licence } }),
          context(account(currentUser())),
        )
        .catch((e: unknown) => e);
      expect(cu).toMatchObject({ code: 'LICENCE_NOT_ALLOWED' });
      expect(fx.double.requests).toHaveLength(0);
    },
  );
});

describe('Graph errors', () => {
  it('maps a mailbox without Exchange Online to MAILBOX_NOT_ENABLED', async () => {
    fx.double.disableMailbox(SHARED);
    const err = await fx.m365.send(message(), context(account(appOnly()))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MAILBOX_NOT_ENABLED', retry: false, providerStatus: 404 });
    expect((err as Error).message).toMatch(/inactive, soft-deleted, hosted on-premises/);
  });

  it('maps an unresolved recipient to RECIPIENT_REJECTED', async () => {
    fx.double.rejectRecipient('ap@fabrikam.example');
    const err = await fx.m365.send(message(), context(account(appOnly()))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RECIPIENT_REJECTED', retry: false });
    expect((err as Error).message).toContain('ap@fabrikam.example');
  });

  it('maps ErrorMessageSizeExceeded to MESSAGE_TOO_LARGE', async () => {
    fx.double.setMaxMessageBytes(SHARED, 1000);
    const err = await fx.m365
      .send(
        message({ attachments: [bytesAttachment('big.pdf', Buffer.alloc(5000, 1))] }),
        context(account(appOnly())),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MESSAGE_TOO_LARGE', retry: false });
  });

  it('explains a non-JSON error body by its status, as a retryable failure', async () => {
    fx.double.fail({
      path: '/sendMail',
      status: 502,
      raw: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    const err = await fx.m365.send(message(), context(account(appOnly()))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UPSTREAM_FAILED', retry: true, providerStatus: 502 });
    expect((err as Error).message).toContain('502 Bad Gateway');
  });

  it('refuses more than 500 recipients before calling Graph', async () => {
    const to = Array.from({ length: 501 }, (_, i) => ({ address: `r${i}@fabrikam.example` }));
    const err = await fx.m365
      .send(message({ to }), context(account(appOnly())))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOO_MANY_RECIPIENTS', retry: false });
    expect(fx.double.sent).toHaveLength(0);
  });
});
