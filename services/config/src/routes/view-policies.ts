/**
 * `/v1/view-policies`: who may see which emails in Outbox and Sent Emails.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { problemResponses, ViewPolicy, ViewPolicyResponse } from '@verzend/shared';
import { z } from 'zod';
import { items, json, jsonBody, type RouteDeps } from './common';
import { exampleViewPolicy, listOf } from './examples';

const UserQuery = z.object({
  userId: z
    .string()
    .max(128)
    .default('')
    .meta({ description: 'Empty = the row for all users.', example: 'alice' }),
});
const PolicyList = items(ViewPolicy).meta({ id: 'ViewPolicyList' });
const Effective = ViewPolicyResponse.meta({
  id: 'EffectiveViewPolicy',
  example: { policy: 'all-related-records', source: 'fallback' },
});

/** Registers the view-policy routes. */
export function registerViewPolicies({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/view-policies',
      operationId: 'listViewPolicies',
      tags: ['View policies'],
      summary: 'List view policies (empty userId = all users)',
      responses: {
        200: json(PolicyList, 'OK', listOf(exampleViewPolicy)),
        ...problemResponses(403),
      },
    }),
    async (c) => c.json({ items: await domain.viewPolicies.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/view-policies/effective',
      operationId: 'getEffectiveViewPolicy',
      tags: ['View policies'],
      summary: "A user's effective policy (own row, else all-users row, else all-related-records)",
      request: { query: UserQuery },
      responses: { 200: json(Effective), ...problemResponses(400, 403) },
    }),
    async (c) =>
      c.json(
        await domain.viewPolicies.effective(c.get('auth').company, c.req.valid('query').userId),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/view-policies',
      operationId: 'putViewPolicy',
      tags: ['View policies'],
      summary: 'Set the policy of a user (or of all users with an empty userId)',
      request: {
        body: jsonBody(ViewPolicy.extend({ userId: ViewPolicy.shape.userId.default('') }).strict()),
      },
      responses: { 200: json(ViewPolicy), ...problemResponses(400, 403) },
    }),
    async (c) => c.json(await domain.viewPolicies.set(c.get('auth'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/view-policies',
      operationId: 'deleteViewPolicy',
      tags: ['View policies'],
      summary: 'Remove the policy row of a user (or the all-users row)',
      request: { query: UserQuery },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      await domain.viewPolicies.delete(c.get('auth'), c.req.valid('query').userId);
      return c.body(null, 204);
    },
  );
}
