/** @verzend/console — the console's public surface for the one-machine runner and tests. @module */
export { type ConsoleApp, type ConsoleDeps, createConsoleApp } from './app';
export { buildConsoleAssets } from './assets/build';
export { DIST_DIR, readManifest } from './assets/manifest';
export { claimsFromIdToken, OidcClient } from './auth/oidc';
export {
  createServiceTokenSigner,
  type ServiceTokenOptions,
  type ServiceTokenSigner,
} from './auth/service-token';
export { type Env, readEnv, zEnv } from './env';
export { type StartOptions, startConsoleService } from './service';
export { SessionSealer } from './session/session';
