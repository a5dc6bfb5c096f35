/**
 * Live throttle state across all replicas — sends in the current window, in
 * flight, recipients in the last 24 h — against the account's limits, so an
 * administrator can see why email waits:
 * - `GET /v1/throttle` for every account of the caller's company, one page;
 * - `GET /v1/throttle/{accountId}` for one account.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import type { Account } from '@verzend/connectors';
import {
  Id,
  PageQuery,
  page,
  problemResponses,
  requirePermission,
  type ServiceApp,
} from '@verzend/shared';
import { z } from 'zod';
import { accountPage } from '../accounts/account-page';
import type { CompanyAccounts, ConfigLookups } from '../accounts/config-client';
import { slotLimits } from '../sender/deliver';
import type { Limiter } from '../throttle/limiter';
import { prune, type SlotState } from '../throttle/slot-state';

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
type ThrottleState = z.infer<typeof ThrottleState>;

const ThrottleStatePage = page(ThrottleState).meta({ id: 'ThrottleStatePage' });

/** What the throttle routes need. */
export interface ThrottleRouteDeps {
  /** The shared state per account (only reads). */
  limiter: Pick<Limiter, 'state'>;
  /** One account of a company, for the single-account route. */
  config: ConfigLookups;
  /** Every account of a company, for the company-wide route. */
  accounts: CompanyAccounts;
  windowMs: number;
}

/** An account's state as the routes answer it, at `now`. */
function stateOf(account: Account, raw: SlotState, now: number, windowMs: number): ThrottleState {
  const limits = slotLimits(account);
  const state = prune(raw, now, windowMs, limits);
  const counted = state.done.length + state.leases.length;
  const oldest = state.done[0];
  return {
    accountId: account.id,
    windowMs,
    rateLimit: limits.ratePerWindow,
    sendsInWindow: limits.ratePerWindow > 0 ? counted : state.leases.length,
    inFlight: state.leases.length,
    concurrencyLimit: limits.concurrency,
    dailyRecipientQuota: limits.dailyRecipientQuota,
    recipientsLast24h: state.daily.reduce((sum, [, n]) => sum + n, 0),
    nextFreeAt:
      limits.ratePerWindow > 0 && counted >= limits.ratePerWindow && oldest !== undefined
        ? new Date(oldest + windowMs).toISOString()
        : null,
  };
}

/** Registers the throttle-state routes. */
export function registerThrottle(app: ServiceApp, deps: ThrottleRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/throttle',
      operationId: 'listThrottleStates',
      tags: ['Accounts'],
      summary:
        "Every account's live rate, concurrency and daily-quota usage across all replicas, one page",
      description:
        "The caller's company's accounts by id (an account that never sent shows zeros). One call answers for every account, so a page that shows them all needs no call per account.",
      request: { query: PageQuery },
      responses: {
        200: {
          description: 'OK',
          content: { 'application/json': { schema: ThrottleStatePage } },
        },
        ...problemResponses(400, 403),
      },
    }),
    async (c) => {
      const principal = c.get('auth');
      requirePermission(principal, 'email-admin');
      const { company } = principal;
      const { accounts, nextCursor } = accountPage(
        await deps.accounts.accounts(company),
        company,
        c.req.valid('query'),
      );
      // Each account's own key (`<company>.<accountId>.slots`), read in parallel: no listing
      // of the bucket, and an account that has no key yet reads as empty.
      const states = await Promise.all(accounts.map((a) => deps.limiter.state(company, a.id)));
      const now = Date.now();
      const items = accounts.map((a, i) => stateOf(a, states[i] as SlotState, now, deps.windowMs));
      return c.json({ items, nextCursor }, 200);
    },
  );

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
      const state = await deps.limiter.state(principal.company, accountId);
      return c.json(stateOf(account, state, Date.now(), deps.windowMs), 200);
    },
  );
}
