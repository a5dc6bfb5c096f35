/**
 * XOAUTH2 tokens for SMTP (smtp.office365.com and any OAuth SMTP server):
 * client credentials (scope `https://outlook.office365.com/.default`, the
 * mailbox needs SMTP.SendAsApp) or a connected user's delegated token. The SMTP
 * connector asks for a token per send; tokens come from the shared cache and
 * are refreshed before expiry.
 * @module
 */
import { type Account, type AccountSecrets, DeliveryError } from '@verzend/shared';
import type { SendingUser } from '../connectors/types';
import type { TokenEvents, TokenProviders } from './providers';

/** What the SMTP connector passes in. */
export interface SmtpTokenRequest {
  account: Account;
  secrets: AccountSecrets;
  /** The sending user (needed for delegated tokens). */
  user: SendingUser | undefined;
  signal?: AbortSignal;
  events?: TokenEvents;
}

/** What the SMTP connector gets back: the XOAUTH2 user and token, and how to drop a refused token. */
export interface SmtpAccessToken {
  user: string;
  accessToken: string;
  /** Call after the server refused the token (535), so the next send gets a fresh one. */
  invalidate(): Promise<void>;
}

/** The SMTP connector's `getAccessToken` hook. */
export type SmtpAccessTokenProvider = (request: SmtpTokenRequest) => Promise<SmtpAccessToken>;

/** Creates the XOAUTH2 token provider over the shared token providers. */
export function createSmtpTokenProvider(providers: TokenProviders): SmtpAccessTokenProvider {
  return async ({ account, secrets, user, signal, events }) => {
    const settings = account.settings;
    if (settings.connector !== 'smtp') {
      throw new DeliveryError('AUTH_FAILED', `Account ${account.id} is not an SMTP account.`, {
        retry: false,
      });
    }
    const login = settings.userName || account.emailAddress;
    if (!settings.oauth) {
      // A static token entered on the account (servers without a token endpoint).
      if (!secrets.accessToken) {
        throw new DeliveryError(
          'NEEDS_CREDENTIALS',
          `Account ${account.name} uses OAuth 2.0 but has neither token endpoint settings nor an access token.`,
          { retry: false },
        );
      }
      return { user: login, accessToken: secrets.accessToken, invalidate: async () => undefined };
    }
    const identity = {
      tenantId: settings.oauth.tenantId,
      clientId: settings.oauth.clientId,
      clientSecret: secrets.clientSecret,
    };
    if (settings.oauth.mode === 'client-credentials') {
      const source = providers.app(identity, settings.oauth.scope, events);
      const accessToken = await source.get(signal);
      return { user: login, accessToken, invalidate: () => source.invalidate(accessToken) };
    }
    if (!user) {
      throw new DeliveryError(
        'NOT_CONNECTED',
        `Account ${account.name} sends with each user's own sign-in, but no sending user is known for this email.`,
        { retry: false },
      );
    }
    const scope = /\boffline_access\b/.test(settings.oauth.scope)
      ? settings.oauth.scope
      : `${settings.oauth.scope} offline_access`;
    const source = providers.user(
      identity,
      { company: account.company, accountId: account.id, userId: user.id },
      scope,
      `POST /v1/accounts/${account.id}/connect`,
      events,
    );
    const accessToken = await source.get(signal);
    return {
      // Exchange expects the mailbox the token belongs to; a shared mailbox is the account's userName.
      user: settings.senderType === 'current-user' ? (user.email ?? login) : login,
      accessToken,
      invalidate: () => source.invalidate(accessToken),
    };
  };
}
