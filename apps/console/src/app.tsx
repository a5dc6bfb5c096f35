/**
 * Builds the console's HTTP app from injected dependencies (never listens;
 * tests call `app.request()`): security headers, language, session, CSRF on
 * every change, sign-in, the API forwarding and the pages.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createVerzendClient } from '@verzend/client';
import { type Logger, signToken } from '@verzend/shared';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { requestId } from 'hono/request-id';
import { ApiProblem } from './api/problem';
import { type ApiTargets, registerApiProxy } from './api/proxy';
import type { OidcClient } from './auth/oidc';
import { registerAuth, SESSION_COOKIE, safeReturnTo } from './auth/routes';
import type { ConsoleEnv } from './context';
import { chooseLanguage, i18n } from './i18n';
import { registerPages } from './pages';
import type { Session, SessionSealer } from './session/session';
import { Page } from './ui/layout';

/** Everything the console app needs. */
export interface ConsoleDeps {
  logger: Logger;
  sealer: SessionSealer;
  oidc: OidcClient | undefined;
  targets: ApiTargets;
  /** HS256 secret the services verify (the user's API token is minted with it). */
  apiJwtSecret: string;
  /** `iss` and `aud` of the minted tokens: the services' AUTH_ISSUER and AUTH_AUDIENCE (required in production). */
  apiTokenIssuer?: string | undefined;
  apiTokenAudience?: string | undefined;
  /** The origin browsers use, e.g. `http://127.0.0.1:8084` (checked against Origin on changes). */
  publicOrigin: () => string;
  secureCookies: boolean;
  devSignInKey: string | undefined;
  devCompany: string;
  /** Built browser scripts: entry name → URL, every built file (entries and chunks), and their folder. */
  assets: { entries: Readonly<Record<string, string>>; files: ReadonlySet<string>; dir: string };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "frame-src 'self' blob:",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** Creates the console app. */
export function createConsoleApp(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const css = readFile(join(import.meta.dirname, 'assets', 'console.css'));
  css.catch(() => undefined);

  const mint = async (c: { get: (k: 'session') => Session | undefined }) => {
    const session = c.get('session');
    if (!session) {
      throw new ApiProblem({ title: 'Not signed in', detail: 'Sign in again.', status: 401 });
    }
    return signToken(deps.apiJwtSecret, session.claims, '5m', {
      issuer: deps.apiTokenIssuer,
      audience: deps.apiTokenAudience,
    });
  };

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('i18n', i18n(chooseLanguage(getCookie(c, 'lang'), c.req.header('accept-language'))));
    c.set('assets', deps.assets.entries);
    c.set('signInConfigured', deps.oidc !== undefined);
    const session = await deps.sealer.open<Session>('session', getCookie(c, SESSION_COOKIE));
    c.set('session', session);
    c.set('csrf', session ? deps.sealer.csrfToken(session) : '');
    let token: Promise<string> | undefined;
    c.set(
      'api',
      createVerzendClient({
        baseUrls: deps.targets,
        token: () => {
          token ??= mint(c);
          return token;
        },
      }),
    );
    await next();
    // API answers (bodies, downloads) may be framed by our own pages only, and never run script.
    const api = c.req.path.startsWith('/api/');
    if (!c.res.headers.has('content-security-policy')) {
      c.header('content-security-policy', api ? "sandbox; frame-ancestors 'self'" : CSP);
      c.header('x-frame-options', api ? 'SAMEORIGIN' : 'DENY');
    }
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
  });

  // CSRF: every change needs the session's token (form field or header) and, when the browser
  // says where it comes from, our own origin. The forwarding routes take the header only, so
  // their bodies stream untouched.
  app.use('*', async (c, next) => {
    if (SAFE.has(c.req.method)) {
      return next();
    }
    const session = c.get('session');
    const origin = c.req.header('origin');
    let token = c.req.header('x-csrf-token');
    const type = c.req.header('content-type') ?? '';
    if (
      !token &&
      !c.req.path.startsWith('/api/') &&
      (type.startsWith('application/x-www-form-urlencoded') ||
        type.startsWith('multipart/form-data'))
    ) {
      const field = (await c.req.parseBody())._csrf;
      token = typeof field === 'string' ? field : undefined;
    }
    const sameOrigin = origin === undefined || origin === deps.publicOrigin();
    if (!session || !sameOrigin || !deps.sealer.checkCsrf(session, token)) {
      return c.json(
        {
          type: 'https://verzend.dev/problems/forbidden',
          title: 'The request was refused',
          status: 403,
          detail: session
            ? 'The form is out of date or came from another site. Reload the page and try again.'
            : 'Your session ended. Sign in again.',
          code: 'FORBIDDEN',
        },
        403,
        { 'content-type': 'application/problem+json' },
      );
    }
    return next();
  });

  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/healthz', (c) => c.json({ status: 'ok', service: 'console' }));
  app.get('/assets/console.css', async (c) =>
    c.body(new Uint8Array(await css), 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'no-cache',
    }),
  );
  app.get('/assets/js/:file{[A-Za-z0-9_.-]+\\.js}', async (c) => {
    const file = c.req.param('file');
    if (!deps.assets.files.has(file)) {
      return c.notFound();
    }
    return c.body(new Uint8Array(await readFile(join(deps.assets.dir, file))), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  registerAuth(app, {
    sealer: deps.sealer,
    oidc: deps.oidc,
    devSignInKey: deps.devSignInKey,
    devCompany: deps.devCompany,
    secureCookies: deps.secureCookies,
  });

  // Everything below needs a session.
  app.use('*', async (c, next) => {
    if (c.get('session')) {
      return next();
    }
    if (c.req.path.startsWith('/api/')) {
      return c.json(
        { title: 'Not signed in', status: 401, detail: 'Sign in again.', code: 'UNAUTHORIZED' },
        401,
        { 'content-type': 'application/problem+json' },
      );
    }
    const back = safeReturnTo(`${c.req.path}${new URL(c.req.url).search}`);
    return c.redirect(`/auth/login?returnTo=${encodeURIComponent(back)}`, 302);
  });

  registerApiProxy(app, deps.targets, mint);
  registerPages(app);

  app.notFound((c) =>
    c.html(
      <Page c={c} title="404">
        <p>{c.req.path}</p>
      </Page>,
      404,
    ),
  );
  app.onError((err, c) => {
    if (err instanceof ApiProblem) {
      return c.html(
        <Page c={c} title={err.problem.title}>
          <div class="problem" role="alert">
            <p>{err.problem.detail}</p>
          </div>
        </Page>,
        (err.problem.status ?? 502) as 400,
      );
    }
    deps.logger.error({ err, path: c.req.path }, 'console request failed');
    return c.html(
      <Page c={c} title={c.get('i18n').t('errorTitle')}>
        <p>{c.get('requestId')}</p>
      </Page>,
      500,
    );
  });
  return app;
}
export type ConsoleApp = ReturnType<typeof createConsoleApp>;
