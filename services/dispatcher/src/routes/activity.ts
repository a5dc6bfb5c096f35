/**
 * `GET /v1/activity`: sent and failed emails per account per day over the
 * whole history (counted as statuses change, never by reading emails), for
 * the console's Activity page and reports.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { Id, problemResponses, requirePermission, type ServiceApp } from '@verzend/shared';
import { z } from 'zod';
import type { ActivityCounters } from '../activity/counters';

const Day = z.iso.date();
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const ActivityQuery = z
  .object({
    from: Day.optional().meta({
      description: 'First day (UTC, inclusive); default: 29 days before `to`.',
    }),
    to: Day.optional().meta({ description: 'Last day (UTC, inclusive); default: today.' }),
    accountId: Id.optional(),
  })
  .superRefine((q, ctx) => {
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from = q.from ?? to;
    if (from > to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    } else if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `at most ${MAX_DAYS} days` });
    }
  });

const Activity = z
  .object({
    from: Day,
    to: Day,
    items: z.array(
      z.object({
        accountId: Id,
        day: Day,
        sent: z.number().int().nonnegative(),
        failed: z.number().int().nonnegative(),
      }),
    ),
  })
  .meta({ id: 'Activity' });

/** Registers the activity route. */
export function registerActivity(app: ServiceApp, deps: { activity: ActivityCounters }): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/activity',
      operationId: 'getActivity',
      tags: ['Emails'],
      summary: 'Sent and failed emails per account per day (whole history, newest day first)',
      request: { query: ActivityQuery },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: Activity } } },
        ...problemResponses(400, 403),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      const q = c.req.valid('query');
      const to = q.to ?? new Date().toISOString().slice(0, 10);
      const from = q.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
      const items = await deps.activity.read(principal.company, from, to, q.accountId);
      return c.json({ from, to, items }, 200);
    },
  );
}
