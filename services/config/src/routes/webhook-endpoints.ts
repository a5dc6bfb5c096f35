/**
 * `/v1/webhook-endpoints`: where a company's status changes are posted as
 * signed webhooks (Standard Webhooks; ADR-0024). The delivery log, "send
 * again" and the test ping are the dispatcher's routes (it delivers).
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  Id,
  problemResponses,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
  WebhookSecretRotate,
} from '@verzend/shared';
import { z } from 'zod';
import { items, json, jsonBody, type RouteDeps } from './common';
import { listOf } from './examples';

const IdParams = z.object({ id: Id.meta({ example: '3f0c6a0e-0000-4000-8000-000000000001' }) });
const List = items(WebhookEndpoint).meta({ id: 'WebhookEndpointList' });
const TAGS = ['Webhooks'];
const SECRET_NOTE =
  'The signing secret (Standard Webhooks, `whsec_` + base64) is made by the server unless given, returned in this answer only, stored encrypted and never shown again. Plain http and loopback, link-local or metadata addresses are refused unless the outbound allowlist opens them.';

const example = {
  id: '3f0c6a0e-0000-4000-8000-000000000001',
  company: 'cronus',
  url: 'https://erp.contoso.example/hooks/verzend',
  kinds: ['email.sent', 'email.failed'],
  enabled: true,
  description: 'Sent and failed emails to the ERP',
  disabledReason: null,
  secretCreatedAt: '2026-12-06T10:00:00.000Z',
  version: 1,
  createdAt: '2026-12-06T10:00:00.000Z',
  updatedAt: '2026-12-06T10:00:00.000Z',
};
const withSecret = { ...example, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

/** Registers the webhook endpoint routes. */
export function registerWebhookEndpoints({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-endpoints',
      tags: TAGS,
      operationId: 'listWebhookEndpoints',
      summary: "List the company's webhook endpoints",
      responses: { 200: json(List, 'OK', listOf(example)), ...problemResponses(403) },
    }),
    async (c) => c.json({ items: await domain.webhooks.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-endpoints',
      tags: TAGS,
      operationId: 'createWebhookEndpoint',
      summary: 'Add a webhook endpoint (the answer shows its signing secret, once)',
      description: SECRET_NOTE,
      request: { body: jsonBody(WebhookEndpointCreate) },
      responses: {
        201: json(WebhookEndpointWithSecret, 'Created', withSecret),
        ...problemResponses(400, 403),
      },
    }),
    async (c) => c.json(await domain.webhooks.create(c.get('auth'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-endpoints/{id}',
      tags: TAGS,
      operationId: 'getWebhookEndpoint',
      summary: 'Read a webhook endpoint (never its secret)',
      request: { params: IdParams },
      responses: { 200: json(WebhookEndpoint, 'OK', example), ...problemResponses(400, 403, 404) },
    }),
    async (c) =>
      c.json(await domain.webhooks.get(c.get('auth').company, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/webhook-endpoints/{id}',
      tags: TAGS,
      operationId: 'updateWebhookEndpoint',
      summary: 'Change a webhook endpoint (enabling it clears disabledReason)',
      request: { params: IdParams, body: jsonBody(WebhookEndpointUpdate) },
      responses: {
        200: json(WebhookEndpoint, 'OK', example),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await domain.webhooks.update(c.get('auth'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/rotate-secret',
      tags: TAGS,
      operationId: 'rotateWebhookSecret',
      summary: 'Replace the signing secret (the answer shows the new one, once)',
      description:
        'Deliveries signed from now on use the new secret; a delivery already being retried is signed with the secret current at each attempt.',
      request: { params: IdParams, body: jsonBody(WebhookSecretRotate) },
      responses: {
        200: json(WebhookEndpointWithSecret, 'OK', withSecret),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await domain.webhooks.rotateSecret(
          c.get('auth'),
          c.req.valid('param').id,
          c.req.valid('json').secret,
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhook-endpoints/{id}',
      tags: TAGS,
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete a webhook endpoint and its secret (waiting deliveries are cancelled)',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      await domain.webhooks.delete(c.get('auth'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
