/**
 * Current User connector: sends from the sending user's own mailbox through
 * Microsoft Graph with their delegated token (`/me/sendMail`). Each user
 * connects once (OAuth 2.0 authorization code + PKCE); the refresh token is
 * kept encrypted in the config service and refreshed before expiry.
 * @module
 */
import { DeliveryError } from '@verzend/shared';
import type { Connector, OutgoingMessage, SendContext, SendResult } from '../contract';
import { connectHint, type GraphRuntime, tokenEventsFor } from '../graph/runtime';
import { graphDelegatedScope } from '../graph/scopes';
import { runGraphSend } from '../graph/send-context';
import { appIdentity } from '../oauth/app-identity';
import { type CurrentUserSettings, currentUserDefinition } from './definition';

function settingsOf(ctx: SendContext): CurrentUserSettings {
  const s = ctx.account.settings;
  if (s.connector !== 'current-user') {
    throw new DeliveryError(
      'MESSAGE_REJECTED',
      `Account ${ctx.account.id} is not a Current User account.`,
      { retry: false },
    );
  }
  return s;
}

/** Creates the Current User connector over a shared Graph runtime. */
export function createCurrentUserConnector(home: GraphRuntime): Connector {
  return {
    type: 'current-user',
    capabilities: currentUserDefinition.capabilities,

    async send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult> {
      const s = settingsOf(ctx);
      const runtime = home.forCloud(s.cloud);
      const hint = connectHint(ctx.account.id);
      return runGraphSend(runtime, message, ctx, {
        token: runtime.tokens.user(
          appIdentity(s, ctx.secrets),
          { company: ctx.account.company, accountId: ctx.account.id, userId: message.user.id },
          graphDelegatedScope(runtime.graphResource, false),
          hint,
          tokenEventsFor(ctx),
        ),
        kind: 'delegated',
        mailbox: message.user.email ?? `user:${message.user.id}`,
        path: '/me',
        // Graph sends from the signed-in user's mailbox; no `from` needed.
        from: undefined,
        connectHint: hint,
      });
    },

    async test(ctx: SendContext): Promise<{ message: string }> {
      settingsOf(ctx);
      return {
        message: `Each user connects their own mailbox with ${connectHint(ctx.account.id)}; the connection is checked when they send.`,
      };
    },

    async close(): Promise<void> {
      home.tokens.cache.clear();
    },
  };
}
