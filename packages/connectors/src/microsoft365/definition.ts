/**
 * The Microsoft 365 connector's definition: settings, secrets, defaults,
 * capabilities and rules (no provider code).
 * @module
 */
import { EmailAddress, OAuthAppRef } from '@verzend/shared';
import { z } from 'zod';
import { appCredential, checkApp, defineConnector, fillApp } from '../definition';
import { GRAPH_CAPABILITIES, GRAPH_DEFAULTS } from '../graph/limits';

/** Settings of a Microsoft 365 (shared mailbox) account. */
export const Microsoft365Settings = z.object({
  connector: z.literal('microsoft365'),
  ...OAuthAppRef,
  sharedMailbox: EmailAddress,
  /** app-only: client credentials + /users/{mailbox}/sendMail; delegated: /me/sendMail with from = shared mailbox. */
  mode: z.enum(['app-only', 'delegated']).default('app-only'),
});
export type Microsoft365Settings = z.infer<typeof Microsoft365Settings>;

/** Microsoft 365: a shared mailbox through Graph. */
export const microsoft365Definition = defineConnector<Microsoft365Settings>({
  type: 'microsoft365',
  description:
    'Sends from a shared mailbox through Microsoft Graph (app-only or as the signed-in user).',
  settings: Microsoft365Settings,
  defaults: GRAPH_DEFAULTS,
  capabilities: GRAPH_CAPABILITIES,
  check: (s) => checkApp(s, 'settings.'),
  requiredSecrets: (s) => [
    appCredential(
      s.mode === 'app-only'
        ? 'client credentials grant'
        : "to redeem and refresh each user's sign-in; users connect with POST /v1/accounts/{id}/connect",
    ),
  ],
  app: { of: (s) => s, path: 'settings.', fill: (s, reg) => fillApp(s, reg) },
});
