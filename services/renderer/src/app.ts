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
  renderer: RenderService;
  /** Largest request body accepted (layout + data + envelope), in bytes. */
  maxBodyBytes: number;
}

/** Creates the app with every route group registered. */
export function createApp(deps: AppDeps) {
  const app = createServiceApp({
    service: 'renderer',
    version: '0.1.0',
    description:
      'Renders Word layouts with report data into mail-safe HTML and text bodies, with the PayPal link and a designer preview.',
    logger: deps.logger,
    registry: deps.registry,
    verifyToken: deps.verifyToken,
    readiness: deps.readiness,
    rateLimit: deps.rateLimit,
  });
  const routeDeps = { app, renderer: deps.renderer, maxBodyBytes: deps.maxBodyBytes };
  registerRender(routeDeps);
  registerPreview(routeDeps);
  registerValidate(routeDeps);
  return app;
}
export type App = ReturnType<typeof createApp>;
