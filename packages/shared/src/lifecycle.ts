/**
 * Process lifecycle for every service's `main.ts`: listen, then on SIGTERM/SIGINT
 * stop accepting HTTP, run the service's drain steps (stop consumers, drain NATS),
 * and exit. A second signal, or the timeout, forces the exit.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Logger } from './logger';

/** Time limits of the HTTP server, so slow or idle clients cannot hold it (milliseconds). */
export interface HttpTimeouts {
  /** Longest time to receive a request's headers (slow-loris). */
  headersMs: number;
  /** Longest time to receive a whole request, body included. */
  requestMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
}

/** Defaults of {@link HttpTimeouts}: 10 s for headers, 5 min for a whole (100 MB) request, 5 s idle. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 300_000,
  keepAliveMs: 5_000,
};

/**
 * Starts the HTTP server and resolves once it listens; rejects when it cannot
 * (port in use, address not available), so the service's start fails and undoes itself.
 */
export async function listen(
  fetch: (req: Request, env?: unknown) => Response | Promise<Response>,
  opts: { host: string; port: number; timeouts?: HttpTimeouts },
): Promise<{ server: ServerType; port: number }> {
  const t = opts.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        hostname: opts.host,
        port: opts.port,
        serverOptions: {
          headersTimeout: t.headersMs,
          requestTimeout: t.requestMs,
          keepAliveTimeout: t.keepAliveMs,
          // Node checks the two limits above only this often (30 s by default).
          connectionsCheckingInterval: Math.max(100, Math.min(1_000, t.headersMs / 2)),
        },
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        resolve({ server, port: info.port });
      },
    );
    server.once('error', reject);
  });
}

/** Closes an HTTP server, letting in-flight requests finish. */
export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server && typeof server.closeIdleConnections === 'function') {
      server.closeIdleConnections();
    }
  });
}

/**
 * Installs graceful-then-forceful shutdown. `drain` runs once; a second signal or
 * `timeoutS` forces `process.exit(1)`.
 */
export function installShutdown(
  logger: Logger,
  timeoutS: number,
  drain: () => Promise<void>,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: forcing exit');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight work');
    const timer = setTimeout(() => {
      logger.error({ timeoutS }, 'shutdown timed out: forcing exit');
      process.exit(1);
    }, timeoutS * 1000);
    timer.unref();
    drain().then(
      () => {
        logger.info('shutdown complete');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** A started service, as `start*Service` functions return it (used by main.ts, the harness and the dev runner). */
export interface RunningService {
  name: string;
  /** Base URL of its HTTP API. */
  url: string;
  port: number;
  /** Graceful stop: HTTP closed, consumers stopped, NATS drained. */
  stop(): Promise<void>;
}
