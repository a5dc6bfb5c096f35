/**
 * Which accounts users connect their own mailbox to, and with what: Current
 * User accounts, Microsoft 365 accounts in delegated mode, and SMTP accounts
 * with delegated OAuth 2.0. The tenant, app and scope come from the account.
 * @module
 */
import { type Account, ConflictError } from '@verzend/shared';
import { graphDelegatedScope } from '../connectors/graph/scopes';
import type { ConnectTarget } from './connect-flow';

/**
 * The connect target of an account.
 * @param fallbackRedirectUri where `/oauth/callback` is reachable (OAUTH_REDIRECT_URI or the request's origin).
 * @throws {ConflictError} INVALID_STATE for accounts that users do not connect (app-only, basic auth, capture).
 */
export function connectTarget(
  account: Account,
  clientSecret: string | undefined,
  graphBaseUrl: string,
  fallbackRedirectUri: string,
): ConnectTarget {
  const base = { company: account.company, accountId: account.id, clientSecret };
  const s = account.settings;
  if (s.connector === 'current-user') {
    return {
      ...base,
      tenantId: s.tenantId,
      clientId: s.clientId,
      scope: graphDelegatedScope(graphBaseUrl, false),
      redirectUri: s.redirectUri,
    };
  }
  if (s.connector === 'microsoft365' && s.mode === 'delegated') {
    return {
      ...base,
      tenantId: s.tenantId,
      clientId: s.clientId,
      scope: graphDelegatedScope(graphBaseUrl, true),
      redirectUri: fallbackRedirectUri,
    };
  }
  if (s.connector === 'smtp' && s.auth === 'oauth2' && s.oauth?.mode === 'delegated') {
    return {
      ...base,
      tenantId: s.oauth.tenantId,
      clientId: s.oauth.clientId,
      scope: /\boffline_access\b/.test(s.oauth.scope)
        ? s.oauth.scope
        : `${s.oauth.scope} offline_access`,
      redirectUri: fallbackRedirectUri,
    };
  }
  throw new ConflictError(
    `Account "${account.name}" does not use each user's own sign-in, so there is nothing to connect (${s.connector}${s.connector === 'microsoft365' ? `, ${s.mode}` : ''}).`,
    { code: 'INVALID_STATE' },
  );
}
