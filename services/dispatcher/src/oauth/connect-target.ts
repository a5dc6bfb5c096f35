/**
 * Which accounts users connect their own mailbox to, and with what: Current
 * User accounts, Microsoft 365 accounts in delegated mode, and SMTP accounts
 * with delegated OAuth 2.0. The tenant, app, cloud and scope come from the
 * account (config has filled in its app registration); the mailbox expected to
 * sign in from the account and the user.
 * @module
 */

import {
  type Account,
  appIdentity,
  exchangeScope,
  type GraphRuntime,
  graphDelegatedScope,
  smtpDelegatedScope,
} from '@verzend/connectors';
import { type AccountSecrets, ConflictError, UnprocessableError } from '@verzend/shared';
import type { ConnectTarget } from './connect-flow';

/**
 * True for the accounts users connect their own mailbox to: exactly those
 * {@link connectTarget} accepts (Current User, delegated Microsoft 365, SMTP
 * with delegated OAuth 2.0).
 */
export function connectsUserMailbox(account: Account): boolean {
  const s = account.settings;
  return (
    s.connector === 'current-user' ||
    (s.connector === 'microsoft365' && s.mode === 'delegated') ||
    (s.connector === 'smtp' && s.auth === 'oauth2' && s.oauth?.mode === 'delegated')
  );
}

/**
 * The connect target of an account for a user.
 * @param runtime the Graph runtime of the installation (the account's cloud is picked from it).
 * @param fallbackRedirectUri where `/oauth/callback` is reachable (OAUTH_REDIRECT_URI or the request's origin).
 * @param userEmail the connecting user's email: the mailbox expected to sign in, where it is the user's own.
 * @throws {ConflictError} INVALID_STATE for accounts that users do not connect (app-only, basic auth, capture).
 * @throws {UnprocessableError} NEEDS_CREDENTIALS when the user has no email to check the sign-in against.
 */
export function connectTarget(
  account: Account,
  secrets: AccountSecrets,
  runtime: GraphRuntime,
  fallbackRedirectUri: string,
  userEmail: string | undefined,
): ConnectTarget {
  const s = account.settings;
  const own = () => {
    if (!userEmail) {
      throw new UnprocessableError(
        'NEEDS_CREDENTIALS',
        'Your sign-in token has no email address, so the mailbox that signs in cannot be checked against yours. Ask the administrator to include the email claim.',
      );
    }
    return userEmail.toLowerCase();
  };
  if (s.connector === 'current-user') {
    const rt = runtime.forCloud(s.cloud);
    return {
      ...appIdentity(s, secrets),
      company: account.company,
      accountId: account.id,
      cloud: rt.cloud,
      scope: graphDelegatedScope(rt.graphResource, false),
      redirectUri: s.redirectUri ?? fallbackRedirectUri,
      expectedMailbox: own(),
    };
  }
  if (s.connector === 'microsoft365' && s.mode === 'delegated') {
    const rt = runtime.forCloud(s.cloud);
    return {
      ...appIdentity(s, secrets),
      company: account.company,
      accountId: account.id,
      cloud: rt.cloud,
      scope: graphDelegatedScope(rt.graphResource, true),
      redirectUri: fallbackRedirectUri,
      // The user signs in as themselves and sends as the shared mailbox (Send As / on Behalf rights).
      expectedMailbox: own(),
    };
  }
  if (s.connector === 'smtp' && s.auth === 'oauth2' && s.oauth?.mode === 'delegated') {
    return {
      ...appIdentity(s.oauth, secrets),
      company: account.company,
      accountId: account.id,
      cloud: runtime.forCloud(s.oauth.cloud).cloud,
      scope: smtpDelegatedScope(exchangeScope(s.oauth.scope, s.oauth.cloud)),
      redirectUri: fallbackRedirectUri,
      // Current User sender: the user's own mailbox; otherwise the account's login mailbox.
      expectedMailbox:
        s.senderType === 'current-user'
          ? own()
          : (s.userName || account.emailAddress).toLowerCase(),
    };
  }
  throw new ConflictError(
    `Account "${account.name}" does not use each user's own sign-in, so there is nothing to connect (${s.connector}${s.connector === 'microsoft365' ? `, ${s.mode}` : ''}).`,
    { code: 'INVALID_STATE' },
  );
}
