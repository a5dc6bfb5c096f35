/**
 * Wiring: reads the built scripts, sets up sign-in and starts the HTTP server.
 * @module
 */
import {
  closeServer,
  createLogger,
  type Logger,
  listen,
  type RunningService,
} from '@verzend/shared';
import { createConsoleApp } from './app';
import { readManifest } from './assets/manifest';
import { OidcClient } from './auth/oidc';
import type { Env } from './env';
import { SessionSealer } from './session/session';

/** Options for {@link startConsoleService}. */
export interface StartOptions {
  logger?: Logger;
  /** Where the built scripts are (default `apps/console/dist`). */
  distDir?: string;
}

/** Starts the console; the returned service's `url` is where browsers go. */
export async function startConsoleService(
  env: Env,
  opts: StartOptions = {},
): Promise<RunningService> {
  const logger = opts.logger ?? createLogger({ service: 'console', level: env.LOG_LEVEL });
  const assets = readManifest(opts.distDir);
  let publicUrl = env.CONSOLE_PUBLIC_URL?.replace(/\/$/, '');
  const oidc =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID
      ? new OidcClient({
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          scopes: env.OIDC_SCOPES,
          redirectUri: () => `${publicUrl}/auth/callback`,
          companyClaim: env.OIDC_COMPANY_CLAIM,
        })
      : undefined;
  const app = createConsoleApp({
    logger,
    sealer: new SessionSealer(env.CONSOLE_SESSION_KEY, env.CONSOLE_SESSION_TTL_S),
    oidc,
    targets: { config: env.CONFIG_URL, dispatcher: env.DISPATCHER_URL, renderer: env.RENDERER_URL },
    apiJwtSecret: env.AUTH_JWT_SECRET,
    apiTokenIssuer: env.AUTH_ISSUER,
    apiTokenAudience: env.AUTH_AUDIENCE,
    publicOrigin: () => new URL(publicUrl ?? 'http://invalid').origin,
    secureCookies: (env.CONSOLE_PUBLIC_URL ?? '').startsWith('https:'),
    devSignInKey: env.CONSOLE_DEV_SIGNIN_KEY,
    devCompany: env.CONSOLE_DEV_COMPANY,
    assets,
  });
  const { server, port } = await listen(app.fetch, { host: env.HOST, port: env.PORT });
  publicUrl ??= `http://${env.HOST}:${port}`;
  logger.info({ url: publicUrl, signIn: oidc ? 'oidc' : 'none' }, 'console listening');
  return {
    name: 'console',
    url: publicUrl,
    port,
    async stop() {
      await closeServer(server);
    },
  };
}
