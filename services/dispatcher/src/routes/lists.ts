/**
 * `/v1/outbox` and `/v1/sent`: Business Central's Email Outbox and Sent Emails,
 * filtered by status, account, scenario, related record, date and text, newest
 * first, cursor-paginated, and limited to what the caller's view policy shows.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  EmailRecord,
  type EmailStatus,
  Id,
  page,
  problemResponses,
  requirePermission,
  type ServiceApp,
} from '@verzend/shared';
import { z } from 'zod';
import { listEmails } from '../outbox/queries';
import type { EmailRouteDeps } from './deps';

const outboxStatuses = ['draft', 'queued', 'processing', 'failed', 'cancelled'] as const;

const BaseQuery = z.object({
  accountId: Id.optional(),
  scenario: z.string().max(64).optional(),
  recordType: z.string().max(64).optional(),
  recordId: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Inclusive lower bound.' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Exclusive upper bound.' }),
  q: z.string().trim().max(200).optional().meta({
    description: 'Text in the subject or a recipient address or name (case-insensitive).',
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
const OutboxQuery = BaseQuery.extend({
  status: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        return [...outboxStatuses];
      }
      const parts = v.split(',').map((s) => s.trim());
      for (const p of parts) {
        if (!(outboxStatuses as readonly string[]).includes(p)) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${outboxStatuses.join(', ')}` });
          return z.NEVER;
        }
      }
      return parts as EmailStatus[];
    })
    .meta({ description: 'Comma-separated statuses (default: all outbox statuses).' }),
});
const EmailPage = page(EmailRecord).meta({ id: 'EmailPage' });
const ok = { 200: { description: 'OK', content: { 'application/json': { schema: EmailPage } } } };
const iso = (v: string | undefined) => (v ? new Date(v).toISOString() : undefined);

/** Registers the outbox and sent listings. */
export function registerLists(app: ServiceApp, deps: EmailRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/outbox',
      operationId: 'listOutbox',
      tags: ['Emails'],
      summary: 'The outbox: drafts, queued, processing, failed and cancelled emails',
      request: { query: OutboxQuery },
      responses: { ...ok, ...problemResponses(400, 403) },
    }),
    async (c) => {
      const viewer = c.get('auth');
      requirePermission(viewer, 'email-read');
      const q = c.req.valid('query');
      const result = await listEmails(deps.records, viewer, await deps.actions.policy(viewer), {
        ...q,
        statuses: q.status,
        from: iso(q.from),
        to: iso(q.to),
        dateField: 'createdAt',
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sent',
      operationId: 'listSent',
      tags: ['Emails'],
      summary: 'Sent emails (date filters apply to the time sent)',
      request: { query: BaseQuery },
      responses: { ...ok, ...problemResponses(400, 403) },
    }),
    async (c) => {
      const viewer = c.get('auth');
      requirePermission(viewer, 'email-read');
      const q = c.req.valid('query');
      const result = await listEmails(deps.records, viewer, await deps.actions.policy(viewer), {
        ...q,
        statuses: ['sent'],
        from: iso(q.from),
        to: iso(q.to),
        dateField: 'sentAt',
      });
      return c.json(result, 200);
    },
  );
}
