/**
 * Builds the renderer service's HTTP app from injected dependencies. Never listens:
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
import type { RenderService } from './requests/render-service';
import { registerPreview } from './routes/preview';
import { registerRender } from './routes/render';
import { registerValidate } from './routes/validate';

/** Everything the app needs; main/service.ts wires the real ones, tests may pass their own. */
export interface AppDeps {
  logger: Logger;
  registry: Registry;
  verifyToken: TokenVerifier;
  /** Per-token and per-company request limits (absent: none). */
  rateLimit?: RateLimitOptions | undefined;
  readiness: ReadinessCheck[];
  /** Server spans per request (absent: off). */
  tracing?: Tracing;
  renderer: RenderService;
  /** Largest request body accepted (layout + data + envelope), in bytes. */
  maxBodyBytes: number;
}

/** The renderer service's version (OpenAPI document, `service.version` of spans). */
export const VERSION = '0.1.0';

/** Creates the app with every route group registered. */
export function createApp(deps: AppDeps) {
  const app = createServiceApp({
    service: 'renderer',
    version: VERSION,
    description:
      'Renders Word layouts with report data into mail-safe HTML and text bodies, with the PayPal link and a designer preview.',
    logger: deps.logger,
    registry: deps.registry,
    verifyToken: deps.verifyToken,
    readiness: deps.readiness,
    rateLimit: deps.rateLimit,
    tracing: deps.tracing,
  });
  const routeDeps = { app, renderer: deps.renderer, maxBodyBytes: deps.maxBodyBytes };
  registerRender(routeDeps);
  registerPreview(routeDeps);
  registerValidate(routeDeps);
  return app;
}
export type App = ReturnType<typeof createApp>;
