/**
 * Builds the dispatcher service's HTTP app from injected dependencies. Never listens:
 * tests call `createApp(deps).request(...)`.
 * @module
 */
import {
  createServiceApp,
  type Logger,
  type RateLimitOptions,
  type ReadinessCheck,
  type Registry,
  type TokenVerifier,
  type Tracing,
} from '@verzend/shared';
import { type DispatcherRouteDeps, dispatcherRoutes } from './routes/all';

/** Everything the app needs; main/service.ts wires the real ones, tests may pass their own. */
export interface AppDeps {
  logger: Logger;
  registry: Registry;
  verifyToken: TokenVerifier;
  /** Per-token and per-company request limits (absent: none). */
  rateLimit?: RateLimitOptions | undefined;
  readiness: ReadinessCheck[];
  /** What the route groups need (emails, throttle, events, OAuth); the app registers them all. */
  routes: DispatcherRouteDeps;
  /** Server spans per request (absent: off). */
  tracing?: Tracing;
}

/** The dispatcher's version (OpenAPI document, `service.version` of spans). */
export const VERSION = '0.1.0';

/** Creates the app with every route group registered. */
export function createApp(deps: AppDeps) {
  const app = createServiceApp({
    service: 'dispatcher',
    version: VERSION,
    description:
      'Compose, outbox, sent log, throttled and retried sending through SMTP, Microsoft 365, Current User and capture connectors, and ERP posting events.',
    logger: deps.logger,
    registry: deps.registry,
    verifyToken: deps.verifyToken,
    readiness: deps.readiness,
    rateLimit: deps.rateLimit,
    tracing: deps.tracing,
  });
  for (const register of dispatcherRoutes(deps.routes)) {
    register(app);
  }
  return app;
}
export type App = ReturnType<typeof createApp>;
