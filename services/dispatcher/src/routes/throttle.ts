/**
 * `GET /v1/throttle/{accountId}`: an account's live throttle state across all
 * replicas — sends in the current window, in flight, recipients in the last
 * 24 h — against its limits, so an administrator can see why email waits.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { Id, problemResponses, requirePermission, type ServiceApp } from '@verzend/shared';
import { z } from 'zod';
import type { ConfigLookups } from '../accounts/config-client';
import { slotLimits } from '../sender/deliver';
import type { Limiter } from '../throttle/limiter';
import { prune } from '../throttle/slot-state';

const ThrottleState = z
  .object({
    accountId: Id,
    windowMs: z.number().int(),
    rateLimit: z.number().int().meta({ description: 'Sends per window; 0 = unlimited.' }),
    sendsInWindow: z
      .number()
      .int()
      .meta({ description: 'Completed sends still counted plus sends in flight.' }),
    inFlight: z.number().int(),
    concurrencyLimit: z.number().int(),
    dailyRecipientQuota: z.number().int(),
    recipientsLast24h: z.number().int(),
    nextFreeAt: z
      .string()
      .nullable()
      .meta({ description: 'When the window frees a slot, if it is full.' }),
  })
  .meta({ id: 'ThrottleState' });

/** Registers the throttle-state route. */
export function registerThrottle(
  app: ServiceApp,
  deps: { limiter: Limiter; config: ConfigLookups; windowMs: number },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/throttle/{accountId}',
      operationId: 'getThrottle',
      tags: ['Accounts'],
      summary: "An account's live rate, concurrency and daily-quota usage across all replicas",
      request: { params: z.object({ accountId: Id }) },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: ThrottleState } } },
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      const { accountId } = c.req.valid('param');
      const { account } = await deps.config.resolveAccount(principal.company, { accountId });
      const limits = slotLimits(account);
      const now = Date.now();
      const state = prune(
        await deps.limiter.state(principal.company, accountId),
        now,
        deps.windowMs,
        limits,
      );
      const counted = state.done.length + state.leases.length;
      const oldest = state.done[0];
      return c.json(
        {
          accountId,
          windowMs: deps.windowMs,
          rateLimit: limits.ratePerWindow,
          sendsInWindow: limits.ratePerWindow > 0 ? counted : state.leases.length,
          inFlight: state.leases.length,
          concurrencyLimit: limits.concurrency,
          dailyRecipientQuota: limits.dailyRecipientQuota,
          recipientsLast24h: state.daily.reduce((sum, [, n]) => sum + n, 0),
          nextFreeAt:
            limits.ratePerWindow > 0 && counted >= limits.ratePerWindow && oldest !== undefined
              ? new Date(oldest + deps.windowMs).toISOString()
              : null,
        },
        200,
      );
    },
  );
}
