/**
 * OAuth 2.0 for Microsoft Graph and SMTP: token endpoint client, cache,
 * app-only and delegated providers, the connect flow (authorization code +
 * PKCE), and XOAUTH2 tokens for SMTP.
 * @module
 */
export {
  type CallbackQuery,
  ConnectFlow,
  type ConnectStart,
  type ConnectTarget,
  type StartedSignIn,
} from './connect-flow';
export { OAuthError, tokenError } from './errors';
export { createPkce, createState, pkceChallenge } from './pkce';
export { type TokenEvents, TokenProviders, type TokenSource } from './providers';
export {
  createSmtpTokenProvider,
  exchangeScope,
  type SmtpAccessTokenProvider,
  type SmtpTokenRequest,
  smtpDelegatedScope,
} from './smtp-tokens';
export {
  KvSignInStateStore,
  MemorySignInStateStore,
  PendingSignIn,
  type SignInStateStore,
} from './state-store';
export { REFRESH_FRACTION, refreshDue, TokenCache, type TokenOrigin } from './token-cache';
export { type ClientIdentity, type IssuedToken, TokenClient } from './token-client';
export {
  MemoryUserTokenStore,
  NatsUserTokenStore,
  type UserTokenKey,
  type UserTokenStore,
} from './user-token-store';
