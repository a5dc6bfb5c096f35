/**
 * `/v1/app-registrations`: the company's Microsoft Entra app registrations for
 * email, referred to by Microsoft 365, Current User and SMTP OAuth accounts,
 * with the admin-consent URL for each.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  AppRegistration,
  AppRegistrationCreate,
  AppRegistrationUpdate,
  Id,
  problemResponses,
} from '@verzend/shared';
import { z } from 'zod';
import { items, json, jsonBody, type RouteDeps } from './common';
import { exampleAppRegistration as example, listOf } from './examples';

const IdParams = z.object({ id: Id.meta({ example: '7d1e2f3a-0000-4000-8000-000000000001' }) });
const List = items(AppRegistration).meta({ id: 'AppRegistrationList' });
const SECRETS_NOTE =
  'Secrets (clientSecret, or clientCertificate: one PEM with the certificate and its private key) are write-only, encrypted at rest and never returned; `secretsSet` lists which are present. A copied company gets the registration without its secrets.';

/** Registers the app registration routes. */
export function registerAppRegistrations({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/app-registrations',
      tags: ['App registrations'],
      operationId: 'listAppRegistrations',
      summary: "List the company's Microsoft Entra app registrations for email",
      responses: { 200: json(List, 'OK', listOf(example)), ...problemResponses(403) },
    }),
    async (c) => c.json({ items: await domain.appRegistrations.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/app-registrations',
      tags: ['App registrations'],
      operationId: 'createAppRegistration',
      summary: 'Add an app registration (tenant, app, credential, redirect URI, national cloud)',
      description: SECRETS_NOTE,
      request: { body: jsonBody(AppRegistrationCreate) },
      responses: { 201: json(AppRegistration, 'Created', example), ...problemResponses(400, 403) },
    }),
    async (c) =>
      c.json(await domain.appRegistrations.create(c.get('auth'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/app-registrations/{id}',
      tags: ['App registrations'],
      operationId: 'getAppRegistration',
      summary: 'Read an app registration and its admin-consent URL',
      request: { params: IdParams },
      responses: { 200: json(AppRegistration, 'OK', example), ...problemResponses(400, 403, 404) },
    }),
    async (c) =>
      c.json(
        await domain.appRegistrations.get(c.get('auth').company, c.req.valid('param').id),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/app-registrations/{id}',
      tags: ['App registrations'],
      operationId: 'updateAppRegistration',
      summary: 'Change an app registration (accounts using it follow at their next send)',
      description: SECRETS_NOTE,
      request: { params: IdParams, body: jsonBody(AppRegistrationUpdate) },
      responses: {
        200: json(AppRegistration, 'OK', example),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await domain.appRegistrations.update(
          c.get('auth'),
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/app-registrations/{id}',
      tags: ['App registrations'],
      operationId: 'deleteAppRegistration',
      summary: 'Delete an app registration no account uses (409 otherwise)',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404, 409) },
    }),
    async (c) => {
      const actor = c.get('auth');
      const id = c.req.valid('param').id;
      await domain.appRegistrations.delete(
        actor,
        id,
        await domain.accounts.referrers(actor.company, id),
      );
      return c.body(null, 204);
    },
  );
}
