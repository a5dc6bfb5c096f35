/**
 * Connecting a user's mailbox over HTTP:
 * - `POST /v1/accounts/{id}/connect` starts the sign-in and returns the authorize URL;
 * - `GET /oauth/callback` (no bearer: the one-time state proves who started it)
 *   finishes it and stores the refresh token encrypted in the config service;
 * - `GET /v1/accounts/{id}/connection` says whether the caller is connected,
 *   `DELETE` disconnects;
 * - `GET /v1/connections` says it for every account of the company users connect.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  type Account,
  assertGraphLicence,
  type GraphRuntime,
  type UserTokenStore,
} from '@verzend/connectors';
import {
  type AccountSecrets,
  EmailAddress,
  Id,
  NotFoundError,
  PageQuery,
  page,
  problemResponses,
  requirePermission,
  type ServiceApp,
} from '@verzend/shared';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { accountPage } from '../accounts/account-page';
import type { CompanyAccounts } from '../accounts/config-client';
import type { ConnectFlow } from './connect-flow';
import { connectsUserMailbox, connectTarget } from './connect-target';

/** What the OAuth routes need. */
export interface OAuthRouteDeps {
  flow: ConnectFlow;
  store: UserTokenStore;
  /** The account (with secrets) of a company; NotFound for unknown ids and other companies' ids. */
  account(
    company: string,
    accountId: string,
  ): Promise<{ account: Account; secrets: AccountSecrets }>;
  /** Every account of a company (no secrets), for the company-wide list. */
  accounts: CompanyAccounts;
  /** The Graph runtime (clouds, resources and token providers). */
  graph: GraphRuntime;
  /** Public callback URL; when unset, `<request origin>/oauth/callback`. */
  redirectUri: string | undefined;
  /** Drops cached access tokens of a user's connection (after a disconnect). */
  forget?: (company: string, accountId: string, userId: string) => void;
}

const ConnectRequest = z
  .object({
    loginHint: EmailAddress.optional().meta({ description: 'Pre-fills the sign-in page.' }),
  })
  .strict()
  .meta({ id: 'ConnectRequest', example: { loginHint: 'anna@contoso.example' } });

const ConnectResponse = z
  .object({
    authorizeUrl: z.url(),
    state: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'ConnectResponse' });

const ConnectionStatus = z
  .object({
    accountId: Id,
    userId: z.string(),
    connected: z.boolean(),
    scope: z.string().nullable(),
  })
  .meta({ id: 'ConnectionStatus' });
const ConnectionStatusPage = page(ConnectionStatus).meta({ id: 'ConnectionStatusPage' });

const CallbackQuery = z.object({
  state: z.string().max(512).optional(),
  code: z.string().max(8192).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(4096).optional(),
});

const Connected = z
  .object({
    connected: z.literal(true),
    accountId: Id,
    userId: z.string(),
    scope: z.string().nullable(),
    signedInAs: z.string(),
  })
  .meta({ id: 'Connected' });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The cookie that binds a sign-in to the browser that started it. */
export const SIGN_IN_COOKIE = 'verzend_oauth_nonce';

/** Registers the connect routes. */
export function registerOAuth(app: ServiceApp, deps: OAuthRouteDeps): void {
  const load = async (company: string, accountId: string) => {
    const resolved = await deps.account(company, accountId);
    if (resolved.account.id !== accountId || resolved.account.company !== company) {
      throw new NotFoundError(`Account ${accountId} was not found.`);
    }
    return resolved;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts/{id}/connect',
      operationId: 'connectMailbox',
      tags: ['Accounts'],
      summary:
        "Connect the caller's mailbox to an account (OAuth 2.0 authorization code with PKCE)",
      description:
        'Returns the Microsoft sign-in URL. After signing in, the browser returns to /oauth/callback, which stores the refresh token encrypted in the config service. For Current User accounts, Microsoft 365 accounts in delegated mode and SMTP accounts with delegated OAuth 2.0.',
      request: {
        params: z.object({ id: Id }),
        body: { required: false, content: { 'application/json': { schema: ConnectRequest } } },
      },
      responses: {
        201: {
          description: 'Sign-in started',
          content: { 'application/json': { schema: ConnectResponse } },
        },
        ...problemResponses(400, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-edit');
      const { id } = c.req.valid('param');
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
      const { account, secrets } = await load(principal.company, id);
      if (
        account.settings.connector === 'microsoft365' ||
        account.settings.connector === 'current-user'
      ) {
        assertGraphLicence(principal.licence);
      }
      const target = connectTarget(
        account,
        secrets,
        deps.graph,
        deps.redirectUri ?? `${new URL(c.req.url).origin}/oauth/callback`,
        principal.email,
      );
      const started = await deps.flow.start(
        target,
        principal.userId,
        body.loginHint ?? target.expectedMailbox,
      );
      // The nonce goes to the starting browser only (never in the body): a sign-in URL
      // passed to someone else cannot complete in their browser.
      setCookie(c, SIGN_IN_COOKIE, started.browserNonce, {
        path: '/oauth/callback',
        httpOnly: true,
        sameSite: 'Lax',
        secure: new URL(target.redirectUri).protocol === 'https:',
        maxAge: deps.flow.ttlSeconds,
      });
      return c.json(started.start, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{id}/connection',
      operationId: 'getMailboxConnection',
      tags: ['Accounts'],
      summary: "Whether the caller's mailbox is connected to an account",
      request: { params: z.object({ id: Id }) },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: ConnectionStatus } } },
        ...problemResponses(403, 404),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-read');
      const { id } = c.req.valid('param');
      await load(principal.company, id);
      const token = await deps.store.get({
        company: principal.company,
        accountId: id,
        userId: principal.userId,
      });
      return c.json(
        {
          accountId: id,
          userId: principal.userId,
          connected: Boolean(token?.refreshToken),
          scope: token?.scope ?? null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/connections',
      operationId: 'listMailboxConnections',
      tags: ['Accounts'],
      summary:
        "Whether the caller's mailbox is connected, for every account users connect their own mailbox to",
      description:
        "The caller's company's Current User, delegated Microsoft 365 and delegated SMTP OAuth 2.0 accounts by id, one page; other accounts have nothing to connect and are not listed.",
      request: { query: PageQuery },
      responses: {
        200: {
          description: 'OK',
          content: { 'application/json': { schema: ConnectionStatusPage } },
        },
        ...problemResponses(400, 403),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-read');
      const { company, userId } = principal;
      const { accounts, nextCursor } = accountPage(
        (await deps.accounts.accounts(company)).filter(connectsUserMailbox),
        company,
        c.req.valid('query'),
      );
      const items = await Promise.all(
        accounts.map(async (a) => {
          const token = await deps.store.get({ company, accountId: a.id, userId });
          return {
            accountId: a.id,
            userId,
            connected: Boolean(token?.refreshToken),
            scope: token?.scope ?? null,
          };
        }),
      );
      return c.json({ items, nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/accounts/{id}/connection',
      operationId: 'disconnectMailbox',
      tags: ['Accounts'],
      summary: "Disconnect the caller's mailbox from an account",
      description:
        'Forgets the stored refresh token and drops cached access tokens; sends through this account fail with NOT_CONNECTED until the user connects again. Revoke the app in the Microsoft account too to end the grant at Microsoft.',
      request: { params: z.object({ id: Id }) },
      responses: { 204: { description: 'Disconnected' }, ...problemResponses(403, 404) },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-edit');
      const { id } = c.req.valid('param');
      await load(principal.company, id);
      // The config API has no delete for user tokens: an empty refresh token reads as "not connected".
      await deps.store.put(
        { company: principal.company, accountId: id, userId: principal.userId },
        { refreshToken: '' },
      );
      deps.forget?.(principal.company, id, principal.userId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/oauth/callback',
      operationId: 'oauthCallback',
      tags: ['Accounts'],
      summary: 'Where the Microsoft sign-in returns (redirect URI)',
      security: [],
      request: { query: CallbackQuery },
      responses: {
        200: {
          description: 'Connected (HTML for browsers, JSON otherwise)',
          content: {
            'application/json': { schema: Connected },
            'text/html': { schema: z.string() },
          },
        },
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const done = await deps.flow.complete(
        { state: q.state, code: q.code, error: q.error, errorDescription: q.error_description },
        async (pending) => (await load(pending.company, pending.accountId)).secrets,
        getCookie(c, SIGN_IN_COOKIE),
      );
      setCookie(c, SIGN_IN_COOKIE, '', { path: '/oauth/callback', maxAge: 0 });
      if (c.req.header('accept')?.includes('text/html')) {
        return c.html(
          `<!doctype html><html><head><meta charset="utf-8"><title>Mailbox connected</title></head><body><h1>Mailbox connected</h1><p>Verzend can now send email from your mailbox for account ${escapeHtml(done.accountId)}. You can close this window.</p></body></html>`,
          200,
        );
      }
      return c.json(
        {
          connected: true as const,
          accountId: done.accountId,
          userId: done.userId,
          scope: done.scopeGranted ?? null,
          signedInAs: done.signedInAs,
        },
        200,
      );
    },
  );
}
