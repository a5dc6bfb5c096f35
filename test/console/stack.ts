/**
 * The console on the real stack for browser tests: the three services (private
 * nats-server), the Graph/identity double as the OpenID Connect provider, the
 * console itself with freshly built browser scripts, and headless Chromium.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsoleAssets, readEnv, startConsoleService } from '@verzend/console';
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
  stop(): Promise<void>;
}

/** Starts everything; `users` become identity-provider users with API claims. */
export async function startConsoleStack(
  users: { email: string; name: string; perms: string[] }[],
): Promise<ConsoleStack> {
  const dist = await mkdtemp(join(tmpdir(), 'verzend-console-'));
  await buildConsoleAssets(dist);
  // The console's port is chosen first: the dispatcher sends "Connect mailbox" sign-ins back to it.
  const consolePort = await freePort();
  const graph = await GraphDouble.start();
  const stack = await startStack({
    serviceEnv: {
      dispatcher: {
        GRAPH_BASE_URL: graph.graphBaseUrl,
        OAUTH_AUTHORITY: graph.authority,
        OAUTH_REDIRECT_URI: `http://127.0.0.1:${consolePort}/oauth/callback`,
      },
    },
  });
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

/** Screenshots at 1280 px and phone width, checks that the phone layout does not scroll sideways. */
export async function snapshot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - window.innerWidth',
  )) as number;
  expect(overflow, `${name} fits a phone screen`).toBeLessThanOrEqual(1);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A file of `size` bytes for upload tests. */
export async function tempFile(name: string, size: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-upload-'));
  const path = join(dir, name);
  await writeFile(path, randomBytes(size));
  return path;
}
