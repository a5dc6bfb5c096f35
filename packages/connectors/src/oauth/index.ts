/**
 * OAuth 2.0 tokens for the connectors: token endpoint client (secret or
 * certificate), cache, app-only and delegated providers. The connect flow
 * (users signing in) is the dispatcher's; it imports these, never the reverse.
 * @module
 */
export { appIdentity } from './app-identity';
export { clientAssertion, readCertificateCredential } from './client-assertion';
export { OAuthError, type TokenErrorBody, type TokenErrorContext, tokenError } from './errors';
export { type TokenEvents, TokenProviders, type TokenSource } from './providers';
export { REFRESH_FRACTION, refreshDue, TokenCache, type TokenWithOrigin } from './token-cache';
export { type ClientIdentity, type IssuedToken, TokenClient } from './token-client';
export {
  MemoryUserTokenStore,
  type StoredUserToken,
  type UserTokenKey,
  type UserTokenStore,
} from './user-tokens';
