/**
 * XOAUTH2 logins for SMTP (smtp.office365.com and any OAuth SMTP server):
 * - no `oauth` settings: the account's static `accessToken` secret;
 * - client credentials (scope `https://outlook.office365.com/.default`, the
 *   app needs SMTP.SendAsApp and mailbox permission): the user is the mailbox;
 * - delegated: the connected user's token, and the user is the mailbox that
 *   signed in — Exchange refuses an XOAUTH2 `user=` other than the identity
 *   the token was issued to.
 * Tokens come from the shared cache and are refreshed before expiry.
 * @module
 */
import {
  type AccountSecrets,
  CLOUDS,
  DeliveryError,
  type NationalCloud,
  UnprocessableError,
} from '@verzend/shared';
import type { Account } from '../accounts';
import type { AccessTokenProvider, SendingUser, XOAuth2Token } from '../contract';
import { appIdentity } from '../oauth/app-identity';
import type { TokenEvents, TokenProviders } from '../oauth/providers';

/** What the SMTP connector passes in. */
export interface SmtpTokenRequest {
  account: Account;
  secrets: AccountSecrets;
  /** The sending user (needed for delegated tokens). */
  user: SendingUser | undefined;
  signal?: AbortSignal;
  events?: TokenEvents;
}

/** The SMTP connector's token hook. */
export type SmtpAccessTokenProvider = (request: SmtpTokenRequest) => Promise<XOAuth2Token>;

/** The delegated scope of an SMTP account, with `offline_access` and `openid profile` (who signed in). */
export function smtpDelegatedScope(scope: string): string {
  const parts = new Set(scope.split(/\s+/).filter(Boolean));
  for (const extra of ['offline_access', 'openid', 'profile']) {
    parts.add(extra);
  }
  return [...parts].join(' ');
}

const GLOBAL_EXCHANGE = /^https:\/\/outlook\.office(365)?\.com(?=\/)/;

/**
 * An Exchange scope for an account's cloud: the global Exchange Online resource
 * (the default scope) becomes the cloud's (outlook.office365.us, partner.outlook.cn).
 */
export function exchangeScope(scope: string, cloud: NationalCloud | undefined): string {
  if (!cloud || cloud === 'global') {
    return scope;
  }
  const resource = CLOUDS[cloud].exchangeResource;
  return scope
    .split(/\s+/)
    .map((s) => s.replace(GLOBAL_EXCHANGE, resource))
    .join(' ');
}

/**
 * Creates the XOAUTH2 token provider over the shared token providers.
 * @param providers the token providers of a national cloud (one set for an installation with one).
 */
export function createSmtpTokenProvider(
  providers: TokenProviders | ((cloud: NationalCloud | undefined) => TokenProviders),
): SmtpAccessTokenProvider {
  const forCloud = typeof providers === 'function' ? providers : () => providers;
  return async ({ account, secrets, user, signal, events }) => {
    const settings = account.settings;
    if (settings.connector !== 'smtp') {
      throw new DeliveryError('AUTH_FAILED', `Account ${account.id} is not an SMTP account.`, {
        retry: false,
      });
    }
    const login = settings.userName || account.emailAddress;
    if (!settings.oauth) {
      return staticAccessToken(account, secrets, user ?? anonymous);
    }
    const identity = appIdentity(settings.oauth, secrets);
    const cloud = settings.oauth.cloud;
    const tokens = forCloud(cloud);
    const scope = exchangeScope(settings.oauth.scope, cloud);
    const app = `app ${identity.clientId} in tenant ${identity.tenantId}`;
    if (settings.oauth.mode === 'client-credentials') {
      const source = tokens.app(identity, scope, events);
      const got = await source.getWithOrigin(signal);
      return {
        user: login,
        accessToken: got.accessToken,
        origin: got.origin,
        scope: source.scope,
        source: `${app} (client credentials)`,
        invalidate: () => source.invalidate(got.accessToken),
      };
    }
    if (!user) {
      throw new DeliveryError(
        'NOT_CONNECTED',
        `Account ${account.name} sends with each user's own sign-in, but no sending user is known for this email.`,
        { retry: false },
      );
    }
    const who = { company: account.company, accountId: account.id, userId: user.id };
    const source = tokens.user(
      identity,
      who,
      smtpDelegatedScope(scope),
      `POST /v1/accounts/${account.id}/connect`,
      events,
    );
    const got = await source.getWithOrigin(signal);
    return {
      // The identity the token was issued to; the sender (From) is decided separately.
      user: got.subject ?? user.email ?? login,
      accessToken: got.accessToken,
      origin: got.origin,
      scope: source.scope,
      source: `${app} (delegated, user ${user.id})`,
      invalidate: () => source.invalidate(got.accessToken),
    };
  };
}

/** The default token provider: the account's static `accessToken` secret. */
export const staticAccessToken: AccessTokenProvider = async (account, secrets) => {
  if (!secrets.accessToken) {
    throw new UnprocessableError(
      'NEEDS_CREDENTIALS',
      `Account "${account.name}" uses OAuth 2.0 but has no access token.`,
    );
  }
  const settings = account.settings;
  return {
    user: (settings.connector === 'smtp' && settings.userName) || account.emailAddress,
    accessToken: secrets.accessToken,
    origin: 'static',
    scope: undefined,
    source: 'the access token stored on the account',
    invalidate: async () => undefined,
  };
};

const anonymous: SendingUser = {
  id: 'unknown',
  email: undefined,
  name: undefined,
  licence: 'full',
};
