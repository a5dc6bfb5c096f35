/**
 * End to end through the real outbox: config accounts of type microsoft365 and
 * current-user pointing at the Graph double, compose over HTTP, the sender
 * loop delivers through Graph; a user connects their mailbox over HTTP with
 * the authorization-code flow and the refresh token lands (encrypted) in config.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Account } from '@verzend/connectors';
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { compose, waitForStatus } from '../dispatcher/helpers';
import { GraphDouble } from '../graph-double';
import { type Stack, startStack } from '../harness';
import { APP, SHARED, TENANT, USER } from './fixture';
import { connectOverHttp, startSignIn } from './sign-in';

/** A Current User account whose redirect URI is the stack's dispatcher. */
async function myMailbox(stack: Stack): Promise<Account> {
  return createAccount(stack, {
    name: 'My mailbox',
    emailAddress: 'anyone@contoso.example',
    settings: {
      connector: 'current-user',
      tenantId: TENANT,
      clientId: APP.clientId,
      redirectUri: `${stack.url('dispatcher')}/oauth/callback`,
    },
    secrets: { clientSecret: APP.clientSecret },
  });
}

async function withDouble(
  env: Record<string, string> = {},
): Promise<{ double: GraphDouble; stack: Stack }> {
  const double = await GraphDouble.start();
  double.registerApp(APP);
  double.registerUser(USER);
  const stack = await startStack({
    services: ['config', 'dispatcher'],
    serviceEnv: {
      dispatcher: {
        GRAPH_BASE_URL: double.graphBaseUrl,
        OAUTH_AUTHORITY: double.authority,
        BASE_BACKOFF_MS: '50',
        MAX_BACKOFF_MS: '200',
        RESCAN_INTERVAL_MS: '200',
        ...env,
      },
    },
  });
  return { double, stack };
}

async function createAccount(stack: Stack, body: Record<string, unknown>): Promise<Account> {
  const res = await stack.fetch('config', '/v1/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimitPerMinute: 0, ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Account;
}

/** Polls an email as its owner until it is sent or failed. */
async function waitAs(
  stack: Stack,
  claims: { sub: string; email: string },
  id: string,
): Promise<EmailRecord> {
  for (let i = 0; i < 400; i++) {
    const res = await stack.fetch('dispatcher', `/v1/emails/${id}`, { claims });
    const record = (await res.json()) as EmailRecord;
    if (res.status === 200 && (record.status === 'sent' || record.status === 'failed')) {
      return record;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`email ${id} did not finish`);
}

describe('Graph connectors through the outbox', () => {
  it('sends an email with an 8 MB attachment from a shared mailbox (app-only)', async () => {
    const { double, stack } = await withDouble();
    try {
      const account = await createAccount(stack, {
        name: 'Sales',
        emailAddress: SHARED,
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: APP.clientId,
          sharedMailbox: SHARED,
          mode: 'app-only',
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      const pdf = randomBytes(8 * 1024 * 1024);
      const form = new FormData();
      form.append(
        'message',
        JSON.stringify({
          to: ['ap@fabrikam.example'],
          subject: 'Statement',
          html: '<p>Statement attached</p>',
          accountId: account.id,
        }),
      );
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'statement.pdf');
      const res = await stack.fetch('dispatcher', '/v1/emails', { method: 'POST', body: form });
      expect(res.status, await res.clone().text()).toBe(202);
      const queued = (await res.json()) as EmailRecord;
      const done = await waitForStatus(stack, queued.id, ['sent', 'failed'], 30_000);
      expect(done.status, done.lastError ?? '').toBe('sent');
      expect(done.providerMessageId).toMatch(/^AAMk/);
      const sent = double.sent[0]!;
      expect(sent).toMatchObject({ mailbox: SHARED, via: 'draft', tokenKind: 'app' });
      expect(sent.attachments).toEqual([
        expect.objectContaining({
          name: 'statement.pdf',
          size: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          via: 'upload',
        }),
      ]);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it('fails for good with AUTH_FAILED when the client secret is wrong', async () => {
    const { double, stack } = await withDouble();
    try {
      const account = await createAccount(stack, {
        name: 'Sales',
        emailAddress: SHARED,
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: APP.clientId,
          sharedMailbox: SHARED,
          mode: 'app-only',
        },
        secrets: { clientSecret: 'secret-id-not-value' },
      });
      const res = await compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: 'Hi',
        text: 'Hi',
        accountId: account.id,
      });
      const queued = (await res.json()) as EmailRecord;
      const done = await waitForStatus(stack, queued.id, ['sent', 'failed']);
      expect(done.status).toBe('failed');
      expect(done.attempts).toHaveLength(1);
      expect(done.attempts[0]).toMatchObject({
        errorCode: 'AUTH_FAILED',
        outcome: 'permanent-error',
      });
      expect(done.lastError).toMatch(/AADSTS7000215/);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it('retries after Graph throttles with Retry-After, then sends', async () => {
    // No in-process waiting: the outbox's backoff has to honour Retry-After.
    const { double, stack } = await withDouble({ GRAPH_INLINE_RETRY_MAX_S: '0' });
    try {
      const account = await createAccount(stack, {
        name: 'Sales',
        emailAddress: SHARED,
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: APP.clientId,
          sharedMailbox: SHARED,
          mode: 'app-only',
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      double.fail({ path: '/sendMail', status: 429, retryAfter: 2, code: 'ApplicationThrottled' });
      const res = await compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: 'Hi',
        text: 'Hi',
        accountId: account.id,
      });
      const queued = (await res.json()) as EmailRecord;
      const done = await waitForStatus(stack, queued.id, ['sent', 'failed']);
      expect(done.status).toBe('sent');
      expect(done.attempts.map((a) => [a.errorCode, a.providerStatus])).toEqual([
        ['PROVIDER_THROTTLED', 429],
        [null, 202],
      ]);
      // The retry waited at least the Retry-After (the configured backoff is 50-200 ms).
      const gap = Date.parse(done.attempts[1]!.startedAt) - Date.parse(done.attempts[0]!.startedAt);
      expect(gap).toBeGreaterThanOrEqual(2_000);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it('connects a user over HTTP (authorization code + PKCE) and sends from their own mailbox', async () => {
    const { double, stack } = await withDouble();
    try {
      const account = await myMailbox(stack);
      const anna = { sub: 'anna', email: USER.email, perms: ['email-edit' as const] };
      const before = await stack.fetch('dispatcher', `/v1/accounts/${account.id}/connection`, {
        claims: anna,
      });
      expect(await before.json()).toMatchObject({ connected: false });

      const unconnected = await compose(
        stack,
        { to: ['ap@fabrikam.example'], subject: 'Too early', text: 'x', accountId: account.id },
        { claims: anna },
      );
      const early = await waitAs(stack, anna, ((await unconnected.json()) as EmailRecord).id);
      expect(early.status).toBe('failed');
      expect(early.attempts[0]?.errorCode).toBe('NOT_CONNECTED');
      expect(early.lastError).toContain(`/v1/accounts/${account.id}/connect`);

      const { cookie, callback, authorizeUrl } = await startSignIn(stack, account.id, anna);
      expect(new URL(authorizeUrl).searchParams.get('login_hint')).toBe(USER.email);
      expect(callback.startsWith(`${stack.url('dispatcher')}/oauth/callback?`)).toBe(true);
      const done = await fetch(callback, { headers: { accept: 'application/json', cookie } });
      expect(done.status, await done.clone().text()).toBe(200);
      expect(await done.json()).toMatchObject({
        connected: true,
        accountId: account.id,
        userId: 'anna',
        signedInAs: USER.email,
      });
      // The state works once.
      expect((await fetch(callback, { headers: { cookie } })).status).toBe(400);

      const after = await stack.fetch('dispatcher', `/v1/accounts/${account.id}/connection`, {
        claims: anna,
      });
      expect(await after.json()).toMatchObject({ connected: true });

      const res = await compose(
        stack,
        { to: ['ap@fabrikam.example'], subject: 'From Anna', text: 'Hello', accountId: account.id },
        { claims: anna },
      );
      const sent = await waitAs(stack, anna, ((await res.json()) as EmailRecord).id);
      expect(sent.status, sent.lastError ?? '').toBe('sent');
      expect(double.sent[0]).toMatchObject({
        mailbox: USER.email,
        tokenKind: 'user',
        user: USER.email,
      });

      const disconnect = await stack.fetch('dispatcher', `/v1/accounts/${account.id}/connection`, {
        method: 'DELETE',
        claims: anna,
      });
      expect(disconnect.status).toBe(204);
      const gone = await stack.fetch('dispatcher', `/v1/accounts/${account.id}/connection`, {
        claims: anna,
      });
      expect(await gone.json()).toMatchObject({ connected: false });
      const late = await compose(
        stack,
        {
          to: ['ap@fabrikam.example'],
          subject: 'After disconnect',
          text: 'x',
          accountId: account.id,
        },
        { claims: anna },
      );
      const refused = await waitAs(stack, anna, ((await late.json()) as EmailRecord).id);
      expect(refused.attempts[0]?.errorCode).toBe('NOT_CONNECTED');
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it("binds a sign-in to the browser that started it and to the mailbox expected (the user's own)", async () => {
    const { double, stack } = await withDouble();
    double.registerUser({ email: 'mallory@contoso.example', tenantId: TENANT });
    try {
      const account = await myMailbox(stack);
      const anna = { sub: 'anna', email: USER.email, perms: ['email-edit' as const] };
      const begin = () => startSignIn(stack, account.id, anna);
      const connected = async () =>
        (
          (await (
            await stack.fetch('dispatcher', `/v1/accounts/${account.id}/connection`, {
              claims: anna,
            })
          ).json()) as { connected: boolean }
        ).connected;

      // Anna's sign-in URL completed in another browser (no cookie): nothing is stored.
      const elsewhere = await begin();
      const stolen = await fetch(elsewhere.callback, { headers: { accept: 'application/json' } });
      expect(stolen.status).toBe(400);
      expect(await stolen.json()).toMatchObject({ code: 'BAD_REQUEST' });
      expect(await connected()).toBe(false);

      // In Anna's browser, but Mallory's mailbox signs in: refused, nothing stored.
      double.identity.nextSignIn = 'mallory@contoso.example';
      const swapped = await begin();
      const wrong = await fetch(swapped.callback, {
        headers: { accept: 'application/json', cookie: swapped.cookie },
      });
      expect(wrong.status).toBe(403);
      const problem = (await wrong.json()) as { code: string; detail: string };
      expect(problem.code).toBe('FORBIDDEN');
      expect(problem.detail).toContain(USER.email);
      expect(await connected()).toBe(false);

      // Anna's own browser and mailbox: connected.
      const right = await begin();
      const ok = await fetch(right.callback, {
        headers: { accept: 'application/json', cookie: right.cookie },
      });
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(await connected()).toBe(true);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it('delegated Microsoft 365: needs only the app secret, users connect by signing in, Graph limits checked at compose', async () => {
    const { double, stack } = await withDouble();
    double.grantSendAs(USER.email, SHARED);
    try {
      const account = await createAccount(stack, {
        name: 'Sales (delegated)',
        emailAddress: SHARED,
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: APP.clientId,
          sharedMailbox: SHARED,
          mode: 'delegated',
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      // No refresh token on the account: each user's sign-in is their connection.
      expect(account).toMatchObject({ needsCredentials: false, missingCredentials: [] });
      const bare = await createAccount(stack, {
        name: 'Sales (no secret)',
        emailAddress: 'bare@contoso.example',
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: APP.clientId,
          sharedMailbox: SHARED,
          mode: 'delegated',
        },
      });
      expect(bare.needsCredentials).toBe(true);
      expect(bare.missingCredentials).toEqual([
        expect.stringMatching(/^clientSecret or clientCertificate: .*connect/),
      ]);

      const anna = { sub: 'anna', email: USER.email, perms: ['email-edit' as const] };
      await connectOverHttp(stack, account.id, anna);

      // Graph carries at most 5 custom headers: refused when composed, like any validation error.
      const headers = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`X-Ref-${i}`, `${i}`]));
      const tooMany = await compose(
        stack,
        {
          to: ['ap@fabrikam.example'],
          subject: 'Headers',
          text: 'x',
          headers,
          accountId: account.id,
        },
        { claims: anna },
      );
      expect(tooMany.status).toBe(400);
      expect(tooMany.headers.get('content-type')).toContain('application/problem+json');
      expect(await tooMany.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'headers' }],
      });

      // A body over Graph's 4 MB (without attachments) is refused when composed too.
      const bigBody = await compose(
        stack,
        {
          to: ['ap@fabrikam.example'],
          subject: 'Body',
          html: `<p>${'x'.repeat(4_100_000)}</p>`,
          accountId: account.id,
        },
        { claims: anna },
      );
      expect(bigBody.status).toBe(413);
      expect(await bigBody.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

      const res = await compose(
        stack,
        {
          to: ['ap@fabrikam.example'],
          subject: 'From Sales',
          text: 'Hello',
          accountId: account.id,
        },
        { claims: anna },
      );
      expect(res.status, await res.clone().text()).toBe(202);
      const sent = await waitAs(stack, anna, ((await res.json()) as EmailRecord).id);
      expect(sent.status, sent.lastError ?? '').toBe('sent');
      expect(double.sent[0]).toMatchObject({ mailbox: USER.email, tokenKind: 'user' });
      expect(double.sent[0]?.message.from).toMatchObject({ emailAddress: { address: SHARED } });
    } finally {
      await stack.stop();
      await double.stop();
    }
  });

  it('refuses to connect delegated admins and accounts that do not use user sign-in', async () => {
    const { double, stack } = await withDouble();
    try {
      const cu = await createAccount(stack, {
        name: 'Mine',
        emailAddress: 'anyone@contoso.example',
        settings: {
          connector: 'current-user',
          tenantId: TENANT,
          clientId: APP.clientId,
          redirectUri: 'https://verzend.example/oauth/callback',
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      const admin = await stack.fetch('dispatcher', `/v1/accounts/${cu.id}/connect`, {
        method: 'POST',
        claims: { licence: 'delegated-admin' },
      });
      expect(admin.status).toBe(403);
      expect(await admin.json()).toMatchObject({ code: 'LICENCE_NOT_ALLOWED' });

      const appOnly = await createAccount(stack, {
        name: 'Sales',
        emailAddress: SHARED,
        settings: {
          connector: 'microsoft365',
          tenantId: TENANT,
          clientId: APP.clientId,
          sharedMailbox: SHARED,
          mode: 'app-only',
        },
        secrets: { clientSecret: APP.clientSecret },
      });
      const conflict = await stack.fetch('dispatcher', `/v1/accounts/${appOnly.id}/connect`, {
        method: 'POST',
      });
      expect(conflict.status).toBe(409);
      expect(await conflict.json()).toMatchObject({ code: 'INVALID_STATE' });

      const doc = (await (await fetch(`${stack.url('dispatcher')}/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/v1/accounts/{id}/connect',
          '/v1/accounts/{id}/connection',
          '/oauth/callback',
        ]),
      );

      const missing = await stack.fetch('dispatcher', '/v1/accounts/nope/connect', {
        method: 'POST',
      });
      expect(missing.status).toBe(404);
      const otherCompany = await stack.fetch('dispatcher', `/v1/accounts/${cu.id}/connect`, {
        method: 'POST',
        claims: { company: 'someoneelse' },
      });
      expect(otherCompany.status).toBe(404);
    } finally {
      await stack.stop();
      await double.stop();
    }
  });
});
