/**
 * Webhook deliveries (ADR-0024): an endpoint's delivery log, "send again" and
 * a test ping. The endpoints themselves are configuration (config service,
 * `/v1/webhook-endpoints`); these routes look every endpoint up in the caller's
 * company first, so another company's ids are simply not found. They need
 * `email-admin`, like the rest of webhook administration.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  Id,
  PageQuery,
  page,
  problemResponses,
  requirePermission,
  type ServiceApp,
  WebhookDelivery,
} from '@verzend/shared';
import { z } from 'zod';
import type { WebhookApi } from '../webhooks';

const EndpointParams = z.object({
  id: Id.meta({ example: '3f0c6a0e-0000-4000-8000-000000000001' }),
});
const DeliveryParams = EndpointParams.extend({
  deliveryId: Id.meta({ example: '0mibx2k3wAbCdEfGhIjKl' }),
});
const DeliveryPage = page(WebhookDelivery).meta({ id: 'WebhookDeliveryPage' });
const TAGS = ['Webhooks'];
const json = (schema: z.ZodType, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

/** Registers the webhook delivery routes. */
export function registerWebhooks(app: ServiceApp, deps: { webhooks: WebhookApi }): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-endpoints/{id}/deliveries',
      tags: TAGS,
      operationId: 'listWebhookDeliveries',
      summary: "An endpoint's delivery log, newest first (kept 7 days)",
      request: { params: EndpointParams, query: PageQuery },
      responses: { 200: json(DeliveryPage), ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      const { limit, cursor } = c.req.valid('query');
      return c.json(
        await deps.webhooks.deliveries(principal.company, c.req.valid('param').id, limit, cursor),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}',
      tags: TAGS,
      operationId: 'getWebhookDelivery',
      summary: 'One delivery with its attempts (status, response code, duration)',
      request: { params: DeliveryParams },
      responses: { 200: json(WebhookDelivery), ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      const { id, deliveryId } = c.req.valid('param');
      return c.json(await deps.webhooks.delivery(principal.company, id, deliveryId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend',
      tags: TAGS,
      operationId: 'resendWebhookDelivery',
      summary: 'Send a finished delivery again (same webhook-id; retried on the usual schedule)',
      request: { params: DeliveryParams },
      responses: {
        202: json(WebhookDelivery, 'Queued'),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      const { id, deliveryId } = c.req.valid('param');
      return c.json(await deps.webhooks.resend(principal.company, id, deliveryId), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/ping',
      tags: TAGS,
      operationId: 'pingWebhookEndpoint',
      summary: 'Post a signed test ping (type webhook.ping) now, once, and show the answer',
      description:
        'Made even when the endpoint is disabled, to check it before enabling it again; not retried, not counted towards disabling.',
      request: { params: EndpointParams },
      responses: { 200: json(WebhookDelivery), ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      return c.json(await deps.webhooks.ping(principal.company, c.req.valid('param').id), 200);
    },
  );
}
