/** @verzend/config — public surface for the harness and the one-machine runner. @module */

export { SecretOpener } from './accounts/secret-opener';
export { type App, type AppDeps, createApp } from './app';
export { createCurrentUserConnector } from './connectors/current-user';
export {
  createGraphRuntime,
  type GraphRuntime,
  type GraphRuntimeOptions,
  MailboxSemaphores,
} from './connectors/graph';
export { createMicrosoft365Connector } from './connectors/microsoft365';
export { ConnectorRegistry, staticAccessToken } from './connectors/registry';
export { SmtpConnector } from './connectors/smtp/smtp-connector';
export type {
  Connector,
  OutgoingAttachment,
  OutgoingMessage,
  SendContext,
  SendingUser,
  SendResult,
  XOAuth2Token,
} from './connectors/types';
export { type Env, readEnv, zEnv } from './env';
export {
  ConnectFlow,
  type ConnectTarget,
  createSmtpTokenProvider,
  MemorySignInStateStore,
  MemoryUserTokenStore,
  NatsUserTokenStore,
  OAuthError,
  type SmtpAccessTokenProvider,
  smtpDelegatedScope,
  TokenProviders,
  type UserTokenStore,
} from './oauth';
export { openApiDocument } from './openapi-document';
export { type StartOptions, startDispatcherService } from './service';
export {
  emailUpdate,
  eventUpdate,
  type StatusRelays,
  type StatusSink,
  type StatusWiring,
  startStatusRelays,
} from './status';
