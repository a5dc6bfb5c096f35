/**
 * Sign-in and sign-out: OpenID Connect (code + PKCE) against the configured
 * provider, the development one-click sign-in (never in production), and the
 * language switch.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '@verzend/shared';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ConsoleEnv, Ctx } from '../context';
import { LANGUAGES } from '../i18n';
import { SignInPage } from '../pages/sign-in';
import type { Session, SessionSealer } from '../session/session';
import type { OidcClient, PendingSignIn } from './oidc';

export const SESSION_COOKIE = 'verzend_session';
const SIGNIN_COOKIE = 'verzend_signin';
const SIGNIN_TTL_S = 600;

/** What the auth routes need. */
export interface AuthDeps {
  sealer: SessionSealer;
  oidc: OidcClient | undefined;
  /** Enables `/auth/dev?key=…` (development only; env parsing refuses it in production). */
  devSignInKey: string | undefined;
  devCompany: string;
  secureCookies: boolean;
}

/** Only a local path may be returned to after sign-in (no open redirect). */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** Sets the session cookie: httpOnly, SameSite=Lax (the IdP's redirect back is a top-level GET). */
export async function startSession(
  c: Ctx,
  deps: AuthDeps,
  claims: Session['claims'],
): Promise<void> {
  const session = deps.sealer.create(claims);
  setCookie(c, SESSION_COOKIE, await deps.sealer.seal('session', session, session.exp), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.secureCookies,
    path: '/',
    maxAge: deps.sealer.ttlSeconds,
  });
}

/** Registers `/auth/*` and `/lang/*`. */
export function registerAuth(app: Hono<ConsoleEnv>, deps: AuthDeps): void {
  app.get('/auth/login', async (c) => {
    const returnTo = safeReturnTo(c.req.query('returnTo'));
    if (!deps.oidc) {
      return c.html(<SignInPage c={c} returnTo={returnTo} />, 200);
    }
    if (c.req.query('go') !== '1') {
      return c.html(<SignInPage c={c} returnTo={returnTo} />, 200);
    }
    const { url, pending } = await deps.oidc.begin(returnTo);
    setCookie(
      c,
      SIGNIN_COOKIE,
      await deps.sealer.seal('signin', pending, Math.floor(Date.now() / 1000) + SIGNIN_TTL_S),
      {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.secureCookies,
        path: '/auth/callback',
        maxAge: SIGNIN_TTL_S,
      },
    );
    return c.redirect(url, 302);
  });

  app.get('/auth/callback', async (c) => {
    const pending = await deps.sealer.open<PendingSignIn>('signin', getCookie(c, SIGNIN_COOKIE));
    deleteCookie(c, SIGNIN_COOKIE, { path: '/auth/callback' });
    if (!deps.oidc) {
      return c.redirect('/auth/login', 302);
    }
    try {
      const claims = await deps.oidc.finish(new URL(c.req.url).searchParams, pending);
      await startSession(c, deps, claims);
      return c.redirect(safeReturnTo(pending?.returnTo), 302);
    } catch (err) {
      if (err instanceof AppError) {
        return c.html(<SignInPage c={c} returnTo="/" error={err.message} />, 401);
      }
      throw err;
    }
  });

  app.post('/auth/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/auth/login', 303);
  });

  app.get('/auth/dev', async (c) => {
    const given = Buffer.from(c.req.query('key') ?? '');
    const key = deps.devSignInKey ? Buffer.from(deps.devSignInKey) : undefined;
    if (!key || key.length !== given.length || !timingSafeEqual(key, given)) {
      return c.notFound();
    }
    await startSession(c, deps, {
      sub: 'admin',
      company: deps.devCompany,
      perms: ['email-admin'],
      licence: 'full',
      email: 'admin@demo.example',
      name: 'Demo Admin',
      records: ['*'],
    });
    return c.redirect('/', 302);
  });

  app.get('/lang/:lang', (c) => {
    const lang = c.req.param('lang');
    if ((LANGUAGES as readonly string[]).includes(lang)) {
      setCookie(c, 'lang', lang, {
        sameSite: 'Lax',
        secure: deps.secureCookies,
        path: '/',
        maxAge: 365 * 24 * 3600,
      });
    }
    return c.redirect(safeReturnTo(c.req.query('back')), 303);
  });
}
