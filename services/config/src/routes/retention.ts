/**
 * `/v1/retention`: how long the company's emails, posting-event records,
 * captured messages and telemetry are kept (docs/operations.md "Retention").
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { problemResponses, RetentionSettings } from '@verzend/shared';
import { json, jsonBody, type RouteDeps } from './common';

/** Registers the retention routes. */
export function registerRetention({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/retention',
      operationId: 'getRetention',
      tags: ['Retention'],
      summary: "The company's retention settings (the defaults until changed)",
      responses: { 200: json(RetentionSettings), ...problemResponses(403) },
    }),
    async (c) => c.json(await domain.retention.get(c.get('auth').company), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/retention',
      operationId: 'putRetention',
      tags: ['Retention'],
      summary: 'Change how long emails, event records, captured messages and telemetry are kept',
      description:
        'Every field is a number of whole days; a field left out gets its default. Sent and failed emails and event records are kept at least 7 days (as Business Central requires); queued, processing and draft emails are never deleted, whatever their age.',
      request: { body: jsonBody(RetentionSettings) },
      responses: { 200: json(RetentionSettings), ...problemResponses(400, 403) },
    }),
    async (c) => c.json(await domain.retention.set(c.get('auth'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/retention',
      operationId: 'resetRetention',
      tags: ['Retention'],
      summary: 'Go back to the default retention settings',
      responses: { 200: json(RetentionSettings), ...problemResponses(403) },
    }),
    async (c) => c.json(await domain.retention.reset(c.get('auth')), 200),
  );
}
