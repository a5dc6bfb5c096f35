/**
 * The base of every service's HTTP app: request ids, traces, access logs and
 * HTTP metrics, problem+json errors, health and readiness, Prometheus metrics,
 * OpenAPI 3.1 with a docs page, and bearer auth on `/v1/*`. Services add their
 * routes to what this returns. `/metrics` is outside `/v1`: the console
 * forwards only `/v1` paths, so tenants never reach it (docs/operations.md).
 * @module
 */

import type { IncomingMessage } from 'node:http';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { type AuthVariables, authenticate, type TokenVerifier } from '../auth';
import { NotFoundError, STORAGE_RETRY_AFTER_S, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Registry } from '../metrics';
import { Tracing } from '../tracing';
import { zodIssues } from '../validation';
import { registerDocsPage } from './docs-page';
import { enforceMediaTypes } from './media-types';
import { httpMetrics, observeRequests } from './observe';
import { createErrorHandler } from './problem';
import { type RateLimitOptions, rateLimit } from './rate-limit';

/** Hono env shared by every service app. */
export interface ServiceEnv {
  Variables: AuthVariables & { requestId: string };
}

/** One readiness check: a name and whether it passes (with a reason when not). */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void> | void;
  /**
   * false: a failure is reported (`ok: false`) but does not make the service not-ready — for a
   * capability the service can work without (the renderer's printing). Default true.
   */
  required?: boolean;
}

/** Dependencies of {@link createServiceApp}. */
export interface ServiceAppOptions {
  service: string;
  version: string;
  description: string;
  logger: Logger;
  registry: Registry;
  verifyToken: TokenVerifier;
  readiness: ReadinessCheck[];
  /** Per-token and per-company request limits on `/v1/*` (absent: none). */
  rateLimit?: RateLimitOptions | undefined;
  /** Server spans per request (absent: off). */
  tracing?: Tracing | undefined;
}

/**
 * An error answered before the request body was read to its end closes the
 * connection (`Connection: close`) instead of leaving the rest to be drained:
 * a keep-alive client then opens a new connection for its next request rather
 * than sending it on one the server is about to drop.
 */
const closeWhenBodyUnread: MiddlewareHandler = async function closeWhenBodyUnread(c, next) {
  await next();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.readableEnded && c.res.status >= 400) {
    c.res.headers.set('connection', 'close');
  }
};

/** Builds the base app. Routes are added by the service; `/v1/*` requires a bearer token. */
export function createServiceApp(opts: ServiceAppOptions) {
  const app = new OpenAPIHono<ServiceEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = zodIssues(result.error);
        const first = errors[0];
        throw new ValidationError(
          `The request is not valid (${first ? `${first.path}: ${first.message}` : 'invalid'}${errors.length > 1 ? `, and ${errors.length - 1} more` : ''}).`,
          { errors },
        );
      }
      return undefined;
    },
  });
  app.use(
    '*',
    observeRequests({
      logger: opts.logger,
      metrics: httpMetrics(opts.registry),
      tracing: opts.tracing ?? Tracing.off,
    }),
  );
  app.use('*', closeWhenBodyUnread);
  // A full JetStream store makes the service not ready for a while, so a load balancer steers away.
  let storageFullUntil = 0;
  app.onError(
    createErrorHandler(opts.logger, (err) => {
      if (err.code === 'INSUFFICIENT_STORAGE') {
        storageFullUntil = Date.now() + STORAGE_RETRY_AFTER_S * 1000;
      }
    }),
  );
  const readiness: ReadinessCheck[] = [
    ...opts.readiness,
    {
      name: 'storage',
      check: () => {
        if (Date.now() < storageFullUntil) {
          throw new Error('The message store refused a write as full within the last 30 s.');
        }
      },
    },
  ];
  app.notFound((c) => {
    throw new NotFoundError(`No route for ${c.req.method} ${c.req.path}.`);
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', service: opts.service }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      readiness.map(async ({ name, check, required = true }) => {
        try {
          await check();
          return { name, ok: true as const, ...(required ? {} : { required }) };
        } catch (err) {
          return {
            name,
            ok: false as const,
            ...(required ? {} : { required }),
            reason: err instanceof Error ? err.message : String(err),
          };
        }
      }),
    );
    const ready = results.every((r) => r.ok || r.required === false);
    return c.json({ status: ready ? 'ready' : 'not-ready', checks: results }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) =>
    c.body(await opts.registry.metrics(), 200, { 'content-type': opts.registry.contentType }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: `Verzend ${opts.service}`,
      version: opts.version,
      description: opts.description,
    },
    security: [{ bearer: [] }],
  });
  registerDocsPage(app, `Verzend ${opts.service}`);

  app.use('/v1/*', authenticate(opts.verifyToken));
  if (opts.rateLimit) {
    app.use('/v1/*', rateLimit(opts.rateLimit));
  }
  app.use('/v1/*', enforceMediaTypes(app as unknown as OpenAPIHono<never>));
  return app;
}

/** The type of a service app, for route registration helpers. */
export type ServiceApp = ReturnType<typeof createServiceApp>;
