import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { claimsFromIdToken } from './auth/oidc';
import { safeReturnTo } from './auth/routes';
import { readEnv } from './env';
import { chooseLanguage } from './i18n';
import { consoleApp, DEV_KEY, freeUrl, ORIGIN, signedIn } from './test-app';

describe('console app', () => {
  it('sends a signed-out visitor to sign in, and back afterwards (never elsewhere)', async () => {
    const { app } = consoleApp();
    const res = await app.request(`${ORIGIN}/accounts?x=1`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/auth/login?returnTo=%2Faccounts%3Fx%3D1');
    expect(safeReturnTo('//evil.example/x')).toBe('/');
    expect(safeReturnTo('/\\evil.example')).toBe('/');
    expect(safeReturnTo('https://evil.example')).toBe('/');
    expect(safeReturnTo('/outbox?status=failed')).toBe('/outbox?status=failed');
    const api = await app.request(`${ORIGIN}/api/config/v1/accounts`);
    expect(api.status).toBe(401);
  });

  it('signs the demo administrator in only with the development key, into an httpOnly SameSite cookie', async () => {
    const { app } = consoleApp();
    expect((await app.request(`${ORIGIN}/auth/dev?key=wrong`)).status).toBe(404);
    expect((await app.request(`${ORIGIN}/auth/dev`)).status).toBe(404);
    const res = await app.request(`${ORIGIN}/auth/dev?key=${DEV_KEY}`);
    expect(res.status).toBe(302);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^verzend_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    // The cookie is sealed: no claim, and no token, is readable in it.
    expect(cookie).not.toContain('email-admin');
    expect(() =>
      readEnv({
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: 's'.repeat(40),
        CONSOLE_SESSION_KEY: randomBytes(32).toString('base64'),
        CONSOLE_DEV_SIGNIN_KEY: DEV_KEY,
      }),
    ).toThrow(
      /CONSOLE_DEV_SIGNIN_KEY: the development sign-in is refused when NODE_ENV=production/,
    );
  });

  it('refuses a change without the session CSRF token or from another origin', async () => {
    const { app, sealer } = consoleApp();
    const cookie = await signedIn(app);
    const form = (csrf?: string) =>
      new URLSearchParams({ userId: 'u1', policy: 'own', ...(csrf ? { _csrf: csrf } : {}) });
    const post = (body: URLSearchParams, headers: Record<string, string> = {}) =>
      app.request(`${ORIGIN}/view-policies`, {
        method: 'POST',
        body,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    expect((await post(form())).status).toBe(403);
    expect((await post(form('forged'))).status).toBe(403);
    const session = await sealer.open<{ sid: string; claims: never; exp: number }>(
      'session',
      decodeURIComponent(cookie.split('=').slice(1).join('=')),
    );
    expect(session).toBeDefined();
    const token = sealer.csrfToken(session as never);
    const foreign = await post(form(token), { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    // The right token from our origin passes the check (the config service is down here: 5xx page, not 403).
    expect((await post(form(token), { origin: ORIGIN })).status).not.toBe(403);
  });

  it('forwards API calls with a bearer token minted from the session, never the cookie', async () => {
    const seen: {
      auth: string | undefined;
      cookie: string | undefined;
      path: string;
      body: string;
    }[] = [];
    const upstream = new Hono().all('*', async (c) => {
      seen.push({
        auth: c.req.header('authorization'),
        cookie: c.req.header('cookie'),
        path: new URL(c.req.url).pathname + new URL(c.req.url).search,
        body: await c.req.text(),
      });
      return c.json({ ok: true }, 201, { location: '/v1/accounts/a1', 'set-cookie': 'x=y' });
    });
    const target = await freeUrl(upstream);
    try {
      const { app, sealer } = consoleApp({
        config: target.url,
        dispatcher: target.url,
        renderer: target.url,
      });
      const cookie = await signedIn(app);
      const session = await sealer.open(
        'session',
        decodeURIComponent(cookie.split('=').slice(1).join('=')),
      );
      const csrf = sealer.csrfToken(session as never);
      const denied = await app.request(`${ORIGIN}/api/config/v1/accounts`, {
        method: 'POST',
        body: '{}',
        headers: { cookie, 'content-type': 'application/json' },
      });
      expect(denied.status).toBe(403);
      const res = await app.request(`${ORIGIN}/api/config/v1/accounts?a=1`, {
        method: 'POST',
        body: '{"name":"x"}',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/api/config/v1/accounts/a1');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(seen).toHaveLength(1);
      expect(seen[0]?.path).toBe('/v1/accounts?a=1');
      expect(seen[0]?.body).toBe('{"name":"x"}');
      expect(seen[0]?.cookie).toBeUndefined();
      const claims = decodeJwt((seen[0]?.auth ?? '').replace(/^Bearer /, ''));
      expect(claims).toMatchObject({ sub: 'admin', company: 'demo', perms: ['email-admin'] });
      // Only the three APIs' /v1 paths are forwarded.
      expect(
        (await app.request(`${ORIGIN}/api/config/metrics`, { headers: { cookie } })).status,
      ).toBe(404);
    } finally {
      await target.close();
    }
  });

  it('streams a 100 MB upload to the service, holding back the browser while the service waits', async () => {
    const MB = 1024 * 1024;
    let received = 0;
    let paused: (() => void) | undefined;
    // A service that counts what arrives, keeps nothing, and stops reading at 10 MB until told.
    const sink = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= 10 * MB && !paused) {
          req.pause();
          paused = () => req.resume();
        }
      });
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const port = (sink.address() as AddressInfo).port;
    const target = `http://127.0.0.1:${port}`;
    const { app, sealer } = consoleApp({ config: target, dispatcher: target, renderer: target });
    const served = await freeUrl(app as unknown as Hono);
    try {
      const cookie = await signedIn(app);
      const session = await sealer.open(
        'session',
        decodeURIComponent(cookie.split('=').slice(1).join('=')),
      );
      const csrf = sealer.csrfToken(session as never);
      // The browser's side: 1 MB at a time, as fast as it is taken.
      const piece = randomBytes(MB);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 100 * MB) {
            controller.close();
            return;
          }
          sent += MB;
          controller.enqueue(new Uint8Array(piece));
        },
      });
      const done = fetch(`${served.url}/api/config/v1/scenarios/x/attachments`, {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' },
      } as RequestInit);
      // While the service waits, the browser can get only as far as the buffers in between.
      let last = -1;
      for (let stable = 0; stable < 5; ) {
        await new Promise((r) => setTimeout(r, 100));
        stable = paused && sent === last ? stable + 1 : 0;
        last = sent;
      }
      const aheadWhilePaused = sent - received;
      paused?.();
      const res = await done;
      expect(res.status).toBe(201);
      expect(received).toBe(100 * MB);
      // A console that read the whole body first would have let the browser send all 100 MB.
      expect(aheadWhilePaused).toBeLessThan(32 * MB);
    } finally {
      await served.close();
      await new Promise((r) => sink.close(r));
    }
  });

  it('maps id_token claims to API claims and refuses a sign-in without a company', () => {
    expect(
      claimsFromIdToken(
        {
          sub: 's',
          oid: 'o-1',
          company: 'cronus',
          roles: ['email-read', 'Other'],
          email: 'a@b.example',
          records: ['*'],
        },
        'company',
      ),
    ).toMatchObject({
      sub: 'o-1',
      company: 'cronus',
      perms: ['email-read'],
      email: 'a@b.example',
      records: ['*'],
    });
    expect(() => claimsFromIdToken({ sub: 's' }, 'company')).toThrow(/company/);
  });

  it('chooses the language from the cookie, else the browser', () => {
    expect(chooseLanguage(undefined, 'nl-NL,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(chooseLanguage(undefined, 'de-DE,en;q=0.5,nl;q=0.4')).toBe('en');
    expect(chooseLanguage('nl', 'en-GB')).toBe('nl');
    expect(chooseLanguage(undefined, undefined)).toBe('en');
  });
});
