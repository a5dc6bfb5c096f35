/**
 * Connecting a user over HTTP against the identity double, as a browser
 * would: `POST /v1/accounts/{id}/connect` (which sets the sign-in cookie),
 * the authorize URL (the double signs in at once), and the callback.
 * @module
 */
import { expect } from 'vitest';
import type { Stack } from '../harness';

type Claims = {
  sub: string;
  email: string;
  perms?: ('email-read' | 'email-edit' | 'email-admin')[];
};

/** The sign-in cookie a connect response set, as a Cookie header. */
export function signInCookie(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  expect(set).toMatch(/verzend_oauth_nonce=[^;]+;.*HttpOnly/i);
  return set.split(';')[0] ?? '';
}

/** Starts connecting and signs in at the double; returns the cookie, the callback URL and the authorize URL. */
export async function startSignIn(
  stack: Stack,
  accountId: string,
  claims: Claims,
): Promise<{ cookie: string; callback: string; authorizeUrl: string }> {
  const start = await stack.fetch('dispatcher', `/v1/accounts/${accountId}/connect`, {
    method: 'POST',
    claims,
  });
  expect(start.status, await start.clone().text()).toBe(201);
  const cookie = signInCookie(start);
  const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
  const signIn = await fetch(authorizeUrl, { redirect: 'manual' });
  return { cookie, callback: signIn.headers.get('location') ?? '', authorizeUrl };
}

/** Connects `claims`' user to an account in the same browser; returns the callback's answer. */
export async function connectOverHttp(
  stack: Stack,
  accountId: string,
  claims: Claims,
): Promise<Response> {
  const { cookie, callback } = await startSignIn(stack, accountId, claims);
  const done = await fetch(callback, { headers: { accept: 'application/json', cookie } });
  expect(done.status, await done.clone().text()).toBe(200);
  return done;
}
