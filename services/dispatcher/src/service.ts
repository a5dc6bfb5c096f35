/**
 * Wiring of the dispatcher service: NATS, buckets, NATS API, HTTP. Used by main.ts,
 * the test harness and the one-machine runner.
 * @module
 */
import {
  closeServer,
  connectNats,
  createLogger,
  createRegistry,
  createVerifier,
  ensureStreams,
  type Logger,
  listen,
  type RunningService,
} from '@verzend/shared';
import { createApp } from './app';
import type { Env } from './env';

/** Options beyond the environment. */
export interface StartOptions {
  logger?: Logger;
}

/** Starts the dispatcher service and resolves once it serves HTTP and NATS. */
export async function startDispatcherService(
  env: Env,
  opts: StartOptions = {},
): Promise<RunningService> {
  const logger = opts.logger ?? createLogger({ service: 'dispatcher', level: env.LOG_LEVEL });
  const registry = createRegistry('dispatcher');
  const nc = await connectNats({
    servers: env.NATS_URL,
    name: 'verzend-dispatcher',
    user: env.NATS_USER,
    pass: env.NATS_PASSWORD,
    token: env.NATS_TOKEN,
  });
  await ensureStreams(nc, env.NATS_REPLICAS);
  const app = createApp({
    logger,
    registry,
    verifyToken: createVerifier({
      secret: env.AUTH_JWT_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
    }),
    readiness: [
      {
        name: 'nats',
        check: () => {
          if (nc.isClosed() || nc.isDraining()) {
            throw new Error('NATS connection closed');
          }
        },
      },
    ],
  });
  const { server, port } = await listen(app.fetch, { host: env.HOST, port: env.PORT });
  const url = `http://${env.HOST}:${port}`;
  logger.info({ url }, 'dispatcher service listening');
  return {
    name: 'dispatcher',
    url,
    port,
    async stop() {
      await closeServer(server);
      await nc.drain();
    },
  };
}
