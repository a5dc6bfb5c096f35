/**
 * OAuth: access tokens refreshed before expiry and after a 401, delegated
 * refresh tokens rotated into the store, the connect flow (authorization code
 * + PKCE), and the clear errors for unconnected users, revoked consent and MFA.
 */

import { MemoryUserTokenStore } from '@verzend/connectors';
import { ConnectFlow, MemorySignInStateStore } from '@verzend/dispatcher';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP,
  account,
  appOnly,
  connectTargetFor,
  connectUser,
  context,
  currentUser,
  type GraphFixture,
  message,
  startGraphFixture,
  USER,
} from './fixture';

let fx: GraphFixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

const storedFor = (f: GraphFixture, accountId: string) =>
  f.store.tokens.get(MemoryUserTokenStore.id({ company: 'cronus', accountId, userId: 'anna' }));

describe('token expiry and refresh', () => {
  it('gets a new app token after the old one expired (401) and sends', async () => {
    fx = await startGraphFixture();
    const acc = account(appOnly());
    await fx.m365.send(message(), context(acc));
    fx.double.expireAllTokens();
    await fx.m365.send(message(), context(acc));
    expect(fx.double.sent).toHaveLength(2);
    expect(fx.double.requests.map((r) => r.status)).toContain(401);
    expect(
      fx.double.identity.tokenRequests.filter((r) => r.grant === 'client_credentials'),
    ).toHaveLength(2);
  });

  it('reuses a short-lived token for most of its life and refreshes it at a quarter left', async () => {
    // A 2 s token (shorter than the 5 min skew) used to be fetched again for every request.
    fx = await startGraphFixture({ tokenLifetimeSeconds: 2 });
    const acc = account(appOnly());
    const ctx = context(acc);
    for (let i = 0; i < 3; i++) {
      await fx.m365.send(message(), ctx);
    }
    const appTokens = () =>
      fx?.double.identity.tokenRequests.filter((r) => r.grant === 'client_credentials') ?? [];
    expect(appTokens()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_600));
    await fx.m365.send(message(), ctx);
    expect(appTokens()).toHaveLength(2);
    expect(fx.double.requests.some((r) => r.status === 401)).toBe(false);
    expect(ctx.events.filter((e) => e.event === 'oauth-token-refreshed')).toHaveLength(2);
  });

  it('refreshes a delegated token with the stored refresh token and stores the rotated one', async () => {
    fx = await startGraphFixture();
    const acc = account(currentUser());
    await connectUser(fx, acc);
    const first = storedFor(fx, acc.id);
    expect(first?.refreshToken).toMatch(/^rt\./);
    await fx.currentUser.send(message(), context(acc));
    expect(
      fx.double.identity.tokenRequests.filter((r) => r.grant === 'refresh_token'),
    ).toHaveLength(0);
    fx.double.expireAllTokens();
    await fx.currentUser.send(message(), context(acc));
    expect(
      fx.double.identity.tokenRequests.filter((r) => r.grant === 'refresh_token'),
    ).toHaveLength(1);
    const second = storedFor(fx, acc.id);
    expect(second?.refreshToken).toMatch(/^rt\./);
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    expect(fx.double.sent.map((s) => [s.mailbox, s.tokenKind])).toEqual([
      [USER.email, 'user'],
      [USER.email, 'user'],
    ]);
    expect(fx.double.sent[1]!.message.from).toBeUndefined();
  });
});

describe('Current User connector', () => {
  it('tells an unconnected user how to connect', async () => {
    fx = await startGraphFixture();
    const acc = account(currentUser());
    const err = await fx.currentUser.send(message(), context(acc)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_CONNECTED', retry: false, status: 422 });
    expect((err as Error).message).toContain(`POST /v1/accounts/${acc.id}/connect`);
    expect(fx.double.requests).toHaveLength(0);
  });

  it('reports revoked consent as CONSENT_MISSING with how to reconnect', async () => {
    fx = await startGraphFixture();
    const acc = account(currentUser());
    await connectUser(fx, acc);
    fx.double.expireAllTokens();
    fx.double.revokeConsent(APP.clientId, USER.email);
    const ctx = context(acc);
    const err = await fx.currentUser.send(message(), ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONSENT_MISSING', retry: false });
    expect((err as Error).message).toMatch(/AADSTS65001/);
    expect((err as Error).message).toContain(`POST /v1/accounts/${acc.id}/connect`);
    expect(ctx.events.find((e) => e.event === 'oauth-token-failed')?.dims).toMatchObject({
      code: 'CONSENT_MISSING',
    });
  });

  it('reports a required MFA as MFA_REQUIRED', async () => {
    fx = await startGraphFixture();
    const acc = account(currentUser());
    await connectUser(fx, acc);
    fx.double.expireAllTokens();
    fx.double.identity.mfaRequired.add(USER.email);
    await expect(fx.currentUser.send(message(), context(acc))).rejects.toMatchObject({
      code: 'MFA_REQUIRED',
      retry: false,
    });
  });

  it('reports an unknown (expired) refresh token as TOKEN_EXPIRED', async () => {
    fx = await startGraphFixture();
    const acc = account(currentUser());
    await fx.store.put(
      { company: 'cronus', accountId: acc.id, userId: 'anna' },
      { refreshToken: 'rt.gone' },
    );
    await expect(fx.currentUser.send(message(), context(acc))).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
      retry: false,
    });
  });
});

describe('connect flow (authorization code + PKCE)', () => {
  const secret = async () => ({ clientSecret: APP.clientSecret });

  async function signIn(f: GraphFixture, flow: ConnectFlow) {
    const started = await flow.start(
      connectTargetFor(f, account(currentUser())),
      'anna',
      USER.email,
    );
    const url = new URL(started.start.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toContain('offline_access');
    const res = await fetch(started.start.authorizeUrl, { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? '');
    return {
      query: {
        state: location.searchParams.get('state') ?? undefined,
        code: location.searchParams.get('code') ?? undefined,
        error: location.searchParams.get('error') ?? undefined,
        errorDescription: location.searchParams.get('error_description') ?? undefined,
      },
      nonce: started.browserNonce,
    };
  }

  it('accepts a state once only', async () => {
    fx = await startGraphFixture();
    const flow = new ConnectFlow({
      providers: fx.runtime.tokens,
      states: new MemorySignInStateStore(),
    });
    const { query, nonce } = await signIn(fx, flow);
    await flow.complete(query, secret, nonce);
    await expect(flow.complete(query, secret, nonce)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      status: 400,
    });
  });

  it('fails the exchange when the verifier does not match the challenge', async () => {
    fx = await startGraphFixture();
    const states = new MemorySignInStateStore();
    const flow = new ConnectFlow({ providers: fx.runtime.tokens, states });
    const { query, nonce } = await signIn(fx, flow);
    const pending = await states.take(query.state ?? '');
    await states.put(query.state ?? '', { ...pending!, codeVerifier: 'a'.repeat(64) });
    const err = await flow.complete(query, secret, nonce).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect((err as Error).message).toMatch(/AADSTS501481/);
  });

  it('reports a declined consent as CONSENT_MISSING', async () => {
    fx = await startGraphFixture();
    fx.double.identity.declineNextConsent = true;
    const flow = new ConnectFlow({
      providers: fx.runtime.tokens,
      states: new MemorySignInStateStore(),
    });
    const { query, nonce } = await signIn(fx, flow);
    expect(query.error).toBe('access_denied');
    await expect(flow.complete(query, secret, nonce)).rejects.toMatchObject({
      code: 'CONSENT_MISSING',
    });
    expect(fx.store.tokens.size).toBe(0);
  });

  it('refuses a wrong client secret at the code exchange', async () => {
    fx = await startGraphFixture();
    const flow = new ConnectFlow({
      providers: fx.runtime.tokens,
      states: new MemorySignInStateStore(),
    });
    const { query, nonce } = await signIn(fx, flow);
    const err = await flow
      .complete(query, async () => ({ clientSecret: 'wrong' }), nonce)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTH_FAILED' });
    expect((err as Error).message).toMatch(/AADSTS7000215/);
  });
});
