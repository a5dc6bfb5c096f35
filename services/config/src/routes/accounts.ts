/**
 * `/v1/accounts`: email accounts, the default account, and the connectivity check.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { Account, accountContracts } from '@verzend/connectors';
import {
  Id,
  problemResponses,
  Rpc,
  requestJson,
  SECRET_KEYS,
  TestAccountResponse,
} from '@verzend/shared';
import { z } from 'zod';
import { audit } from '../audit';
import { items, json, jsonBody, type RouteDeps } from './common';
import { exampleAccount, listOf } from './examples';

const IdParams = z.object({ id: Id.meta({ example: '0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87' }) });
const AccountList = items(Account).meta({ id: 'AccountList' });
const TestRequest = z
  .object({ sendTestTo: z.email().optional() })
  .strict()
  .meta({ id: 'TestAccountRequest', example: { sendTestTo: 'admin@cronus.example' } });
const TestResult = TestAccountResponse.meta({
  id: 'TestAccountResult',
  example: {
    ok: true,
    message: 'Connected and authenticated as sales@cronus.example.',
    durationMs: 412,
  },
});

/** Registers the account routes. */
export function registerAccounts({ app, domain, connectors }: RouteDeps): void {
  // Requests are checked against the installed connectors' settings (the built-in ones
  // unless the service was given more); the documents of the built-in registry carry ids.
  const { AccountCreate, AccountUpdate } = accountContracts(connectors);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts',
      operationId: 'listAccounts',
      tags: ['Accounts'],
      summary: 'List the email accounts (default first)',
      responses: { 200: json(AccountList, 'OK', listOf(exampleAccount)), ...problemResponses(403) },
    }),
    async (c) => c.json({ items: await domain.accounts.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts',
      operationId: 'createAccount',
      tags: ['Accounts'],
      summary: 'Create an account (the first one becomes the default)',
      description:
        "Secrets (password, clientSecret, clientCertificate, refreshToken, accessToken) are write-only: they are encrypted at rest and never returned; `secretsSet` lists which are present and `missingCredentials` what the connector still needs. OAuth accounts may refer to the company's app registration (`appRegistrationId`) instead of repeating tenant, app and credential.",
      request: { body: jsonBody(AccountCreate) },
      responses: {
        201: json(Account, 'Created', exampleAccount),
        ...problemResponses(400, 403, 409),
      },
    }),
    async (c) => c.json(await domain.accounts.create(c.get('auth'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{id}',
      operationId: 'getAccount',
      tags: ['Accounts'],
      summary: 'Read an account',
      request: { params: IdParams },
      responses: { 200: json(Account, 'OK', exampleAccount), ...problemResponses(400, 403, 404) },
    }),
    async (c) =>
      c.json(await domain.accounts.get(c.get('auth').company, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/accounts/{id}',
      operationId: 'updateAccount',
      tags: ['Accounts'],
      summary: 'Change an account (settings replace the whole settings object)',
      request: { params: IdParams, body: jsonBody(AccountUpdate) },
      responses: {
        200: json(Account, 'OK', exampleAccount),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await domain.accounts.update(c.get('auth'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/accounts/{id}',
      operationId: 'deleteAccount',
      tags: ['Accounts'],
      summary: 'Delete an account',
      description:
        'Deleting the default account while other accounts remain needs `newDefault` (409 DEFAULT_ACCOUNT_REQUIRED otherwise); when exactly one other account remains it becomes the default.',
      request: {
        params: IdParams,
        query: z.object({
          newDefault: Id.optional().meta({ example: '5c1d2e3f-0000-4000-8000-000000000002' }),
        }),
      },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404, 409) },
    }),
    async (c) => {
      await domain.accounts.delete(
        c.get('auth'),
        c.req.valid('param').id,
        c.req.valid('query').newDefault,
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts/{id}/default',
      operationId: 'setDefaultAccount',
      tags: ['Accounts'],
      summary: 'Make an account the default',
      request: { params: IdParams },
      responses: {
        200: json(Account, 'OK', exampleAccount),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await domain.accounts.setDefault(c.get('auth'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts/{id}/test',
      operationId: 'testAccount',
      tags: ['Accounts'],
      summary: 'Check connectivity (optionally send a test email)',
      description:
        'The dispatcher connects and authenticates with the account; with `sendTestTo` it also sends a test email. 503 UNAVAILABLE when no dispatcher answers.',
      request: {
        params: IdParams,
        body: { required: false, content: { 'application/json': { schema: TestRequest } } },
      },
      responses: { 200: json(TestResult), ...problemResponses(400, 403, 404, 503) },
    }),
    async (c) => {
      const principal = c.get('auth');
      const { id } = c.req.valid('param');
      const body = (c.req.valid('json') as z.infer<typeof TestRequest> | undefined) ?? {};
      await domain.accounts.get(principal.company, id);
      const result = await requestJson(
        domain.ctx.nc,
        Rpc.dispatcherTestAccount,
        {
          company: principal.company,
          accountId: id,
          ...(body.sendTestTo ? { sendTestTo: body.sendTestTo } : {}),
          userId: principal.userId,
          ...(principal.email ? { userEmail: principal.email } : {}),
        },
        TestAccountResponse,
        { timeoutMs: domain.ctx.timeouts.testAccountMs },
      );
      audit(domain.ctx, principal, {
        kind: 'account',
        action: 'tested',
        id,
        detail: `${result.ok ? 'ok' : 'failed'}${body.sendTestTo ? ', test email' : ''}`,
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/accounts/{id}/secrets/{name}',
      operationId: 'clearAccountSecret',
      tags: ['Accounts'],
      summary: 'Remove one secret of an account',
      description:
        'Secrets are set with POST/PATCH (write-only). This removes one, e.g. the password after moving to OAuth; the account may then need credentials.',
      request: { params: IdParams.extend({ name: z.enum(SECRET_KEYS) }) },
      responses: {
        200: json(Account, 'OK', exampleAccount),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const { id, name } = c.req.valid('param');
      return c.json(await domain.accounts.clearSecret(c.get('auth'), id, name), 200);
    },
  );
}
