/**
 * The console app for unit tests: silent logs, HS256 service tokens, the
 * development sign-in, no built scripts; the services at `targets` (nothing
 * listens at the default ones).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeServer, createLogger, listen, signToken } from '@verzend/shared';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { createConsoleApp } from './app';
import { SessionSealer } from './session/session';

/** The development sign-in key of the test app. */
export const DEV_KEY = 'k'.repeat(40);
/** The origin browsers use for the test app. */
export const ORIGIN = 'http://console.test';

/** Serves `app` on a free local port. */
export async function freeUrl(app: Hono) {
  const { server, port } = await listen(app.fetch, { host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

/** A console app and its session sealer. */
export function consoleApp(
  targets = {
    config: 'http://127.0.0.1:9',
    dispatcher: 'http://127.0.0.1:9',
    renderer: 'http://127.0.0.1:9',
  },
) {
  const sealer = new SessionSealer(randomBytes(32).toString('base64'), 3600);
  const app = createConsoleApp({
    logger: createLogger({ service: 'console', level: 'silent' }),
    sealer,
    oidc: undefined,
    targets,
    serviceTokens: {
      alg: 'HS256',
      jwks: null,
      sign: (claims) => signToken('s'.repeat(40), claims, '5m'),
    },
    publicOrigin: () => ORIGIN,
    secureCookies: false,
    devSignInKey: DEV_KEY,
    devCompany: 'demo',
    assets: { entries: {}, files: new Set(), dir: '' },
  });
  return { app, sealer };
}

/** Signs the demo administrator in (English pages); returns the session cookie. */
export async function signedIn(app: ReturnType<typeof consoleApp>['app']) {
  const res = await app.request(`${ORIGIN}/auth/dev?key=${DEV_KEY}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await app.request(`${ORIGIN}/lang/en?back=/x`, { headers: { cookie } });
  expect(page.status).toBe(303);
  return cookie;
}
