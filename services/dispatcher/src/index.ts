/** @verzend/dispatcher — public surface for the harness and the one-machine runner (the connectors and their OAuth tokens are `@verzend/connectors`'). @module */

export { SecretOpener } from './accounts/secret-opener';
export { type App, type AppDeps, createApp } from './app';
export { type Env, readEnv, zEnv } from './env';
export {
  ConnectFlow,
  type ConnectTarget,
  MemorySignInStateStore,
  NatsUserTokenStore,
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
