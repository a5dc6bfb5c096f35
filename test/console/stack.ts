/**
 * The console on the real stack for browser tests: the three services (private
 * nats-server), the Graph/identity double as the OpenID Connect provider, the
 * console itself with freshly built browser scripts, and headless Chromium.
 * @module
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildConsoleAssets,
  createServiceTokenSigner,
  readEnv,
  startConsoleService,
} from '@verzend/console';
import { createLogger, type RunningService } from '@verzend/shared';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { GraphDouble } from '../graph-double';
import { freePort, type Stack, startStack } from '../harness';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);
export const TENANT = '11111111-2222-4333-8444-555555555555';
export const CLIENT_ID = 'console-client-id';
export const CLIENT_SECRET = 'console-secret';
/** Screenshots of every page (gitignored). */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.data', 'console-screenshots');

/** The running console and what it stands on. */
export interface ConsoleStack {
  stack: Stack;
  graph: GraphDouble;
  console: RunningService;
  browser: Browser;
  url: string;
  /** The API user id (the id_token's `oid`) the double gives an email address. */
  userId(email: string): string;
  /** fetch against a service as the console would (its token signing); claims as `stack.fetch`. */
  api(
    service: 'config' | 'dispatcher' | 'renderer',
    path: string,
    init?: RequestInit & { claims?: Record<string, unknown> },
  ): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Starts everything; `users` become identity-provider users with API claims. With
 * `signing: 'es256'` the console signs service tokens with a P-256 key and the services
 * verify them through the console's JWKS (`AUTH_JWKS_URL`), sharing no secret.
 */
export async function startConsoleStack(
  users: { email: string; name: string; perms: string[] }[],
  opts: { signing?: 'hs256' | 'es256' } = {},
): Promise<ConsoleStack> {
  const dist = await mkdtemp(join(tmpdir(), 'verzend-console-'));
  await buildConsoleAssets(dist);
  // The console's port is chosen first: the dispatcher sends "Connect mailbox" sign-ins back to it.
  const consolePort = await freePort();
  const graph = await GraphDouble.start();
  const signingKey =
    opts.signing === 'es256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString()
      : undefined;
  const jwks: Record<string, string> = signingKey
    ? { AUTH_JWKS_URL: `http://127.0.0.1:${consolePort}/.well-known/jwks.json` }
    : {};
  const stack = await startStack({
    serviceEnv: {
      config: jwks,
      renderer: jwks,
      dispatcher: {
        ...jwks,
        GRAPH_BASE_URL: graph.graphBaseUrl,
        OAUTH_AUTHORITY: graph.authority,
        OAUTH_REDIRECT_URI: `http://127.0.0.1:${consolePort}/oauth/callback`,
      },
    },
  });
  const signer = await createServiceTokenSigner(
    signingKey ? { privateKeyPem: signingKey } : { secret: stack.jwtSecret },
  );
  graph.registerApp({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  for (const u of users) {
    graph.registerUser({
      email: u.email,
      tenantId: TENANT,
      name: u.name,
      claims: { company: stack.company, perms: u.perms, licence: 'full', records: ['*'] },
    });
  }
  const service = await startConsoleService(
    readEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(consolePort),
      CONFIG_URL: stack.url('config'),
      DISPATCHER_URL: stack.url('dispatcher'),
      RENDERER_URL: stack.url('renderer'),
      AUTH_JWT_SECRET: stack.jwtSecret,
      ...(signingKey ? { CONSOLE_SIGNING_KEY: signingKey } : {}),
      CONSOLE_SESSION_KEY: randomBytes(32).toString('base64'),
      OIDC_ISSUER: `${graph.url}/${TENANT}/v2.0`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
    }),
    { logger: createLogger({ service: 'console', level: 'silent' }), distDir: dist },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  const { createHash } = await import('node:crypto');
  return {
    stack,
    graph,
    console: service,
    browser,
    url: service.url,
    userId: (email) => createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32),
    async api(service, path, init = {}) {
      const { claims, ...rest } = init;
      const token = await signer.sign({
        sub: 'admin',
        company: stack.company,
        perms: ['email-admin'],
        licence: 'full',
        email: 'admin@example.com',
        records: ['*'],
        ...claims,
      } as Parameters<typeof signer.sign>[0]);
      const headers = new Headers(rest.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(`${stack.url(service)}${path}`, { ...rest, headers });
    },
    async stop() {
      await browser.close();
      await service.stop();
      await graph.stop();
      await stack.stop();
      await rm(dist, { recursive: true, force: true });
    },
  };
}

/** Signs a user in through the identity provider in a fresh browser context. */
export async function signIn(cs: ConsoleStack, email: string, locale = 'en-GB'): Promise<Page> {
  const context = await cs.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(cs.url);
  expect(new URL(page.url()).pathname).toBe('/auth/login');
  cs.graph.identity.nextSignIn = email;
  await page.getByRole('link', { name: /Sign in|Aanmelden/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/auth/'));
  return page;
}

/** Runs axe-core on the page: no serious or critical violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
  await page.evaluate(axe.source);
  // The test project has no DOM types: the in-page code is a string.
  const violations = (await page.evaluate(`(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')');
  })()`)) as string[];
  expect(violations, `accessibility of ${what}`).toEqual([]);
}

/**
 * Screenshots at 1280 px and phone width, checks that the phone layout does not scroll
 * sideways and (with `axe`) runs the accessibility check at phone width too.
 */
export async function snapshot(page: Page, name: string, axe = false): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  if (axe) {
    await expectAccessible(page, `${name} at phone width`);
  }
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - window.innerWidth',
  )) as number;
  expect(overflow, `${name} fits a phone screen`).toBeLessThanOrEqual(1);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A file of `size` random bytes for upload tests (written 1 MB at a time: large ones never sit in memory). */
export async function tempFile(name: string, size: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-upload-'));
  const path = join(dir, name);
  const file = await open(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const chunk = randomBytes(Math.min(1024 * 1024, size - written));
      await file.write(chunk);
      written += chunk.length;
    }
  } finally {
    await file.close();
  }
  return path;
}
