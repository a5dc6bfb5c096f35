/**
 * The Current User connector's definition: settings, secrets, defaults,
 * capabilities and rules (no provider code).
 * @module
 */
import { OAuthAppRef, RedirectUri } from '@verzend/shared';
import { z } from 'zod';
import { appCredential, checkApp, defineConnector, fillApp } from '../definition';
import { GRAPH_CAPABILITIES, GRAPH_DEFAULTS } from '../graph/limits';

/** Settings of a Current User account. */
export const CurrentUserSettings = z.object({
  connector: z.literal('current-user'),
  ...OAuthAppRef,
  /** Where the sign-in returns: https, or http for localhost only. Default: the app registration's. */
  redirectUri: RedirectUri.optional(),
});
export type CurrentUserSettings = z.infer<typeof CurrentUserSettings>;

/** Current User: each user's own mailbox through Graph. */
export const currentUserDefinition = defineConnector<CurrentUserSettings>({
  type: 'current-user',
  description: "Sends from the signed-in user's own mailbox through Microsoft Graph.",
  settings: CurrentUserSettings,
  defaults: GRAPH_DEFAULTS,
  capabilities: GRAPH_CAPABILITIES,
  check: (s) => checkApp(s, 'settings.'),
  requiredSecrets: () => [
    appCredential(
      "to redeem and refresh each user's sign-in; users connect with POST /v1/accounts/{id}/connect",
    ),
  ],
  app: {
    of: (s) => s,
    path: 'settings.',
    fill: (s, reg) => ({ ...fillApp(s, reg), redirectUri: s.redirectUri ?? reg.redirectUri }),
  },
});
