/**
 * Microsoft 365 connector: sends from a shared mailbox through Microsoft Graph.
 * - app-only (beyond Business Central): client-credentials token,
 *   `POST /users/{mailbox}/sendMail` — works for background and server-to-server sends;
 * - delegated (as BC does): the sending user's token, `/me/sendMail` with
 *   `from` = the shared mailbox (the user needs Send As / Send on Behalf).
 * @module
 */
import { DeliveryError } from '@verzend/shared';
import type { Connector, OutgoingMessage, SendContext, SendResult } from '../contract';
import { connectHint, type GraphRuntime, tokenEventsFor } from '../graph/runtime';
import { graphAppScope, graphDelegatedScope } from '../graph/scopes';
import { runGraphSend } from '../graph/send-context';
import { appIdentity } from '../oauth/app-identity';
import { type Microsoft365Settings, microsoft365Definition } from './definition';

function settingsOf(ctx: SendContext): Microsoft365Settings {
  const s = ctx.account.settings;
  if (s.connector !== 'microsoft365') {
    throw new DeliveryError(
      'MESSAGE_REJECTED',
      `Account ${ctx.account.id} is not a Microsoft 365 account.`,
      { retry: false },
    );
  }
  return s;
}

/** Creates the Microsoft 365 connector over a shared Graph runtime. */
export function createMicrosoft365Connector(home: GraphRuntime): Connector {
  const identity = (ctx: SendContext, s: Microsoft365Settings) => appIdentity(s, ctx.secrets);
  return {
    type: 'microsoft365',
    capabilities: microsoft365Definition.capabilities,

    async send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult> {
      const s = settingsOf(ctx);
      const runtime = home.forCloud(s.cloud);
      const from = {
        address: s.sharedMailbox,
        ...(message.from.name
          ? { name: message.from.name }
          : ctx.account.name
            ? { name: ctx.account.name }
            : {}),
      };
      if (s.mode === 'app-only') {
        return runGraphSend(runtime, message, ctx, {
          token: runtime.tokens.app(
            identity(ctx, s),
            graphAppScope(runtime.graphResource),
            tokenEventsFor(ctx),
          ),
          kind: 'app',
          mailbox: s.sharedMailbox,
          path: `/users/${encodeURIComponent(s.sharedMailbox)}`,
          from,
        });
      }
      const hint = connectHint(ctx.account.id);
      return runGraphSend(runtime, message, ctx, {
        token: runtime.tokens.user(
          identity(ctx, s),
          { company: ctx.account.company, accountId: ctx.account.id, userId: message.user.id },
          graphDelegatedScope(runtime.graphResource, true),
          hint,
          tokenEventsFor(ctx),
        ),
        kind: 'delegated',
        mailbox: message.user.email ?? `user:${message.user.id}`,
        path: '/me',
        from,
        connectHint: hint,
      });
    },

    async test(ctx: SendContext): Promise<{ message: string }> {
      const s = settingsOf(ctx);
      const runtime = home.forCloud(s.cloud);
      if (s.mode === 'delegated') {
        return {
          message: `Delegated mode: each user connects with ${connectHint(ctx.account.id)}, then sends as ${s.sharedMailbox} (needs Send As or Send on Behalf on it).`,
        };
      }
      await runtime.tokens
        .app(identity(ctx, s), graphAppScope(runtime.graphResource), tokenEventsFor(ctx))
        .get(ctx.signal);
      const app = identity(ctx, s);
      return {
        message: `Signed in as app ${app.clientId} in tenant ${app.tenantId}; sending from ${s.sharedMailbox} with POST /users/{mailbox}/sendMail.`,
      };
    },

    async close(): Promise<void> {
      home.tokens.cache.clear();
    },
  };
}
