/**
 * Builds the config service's HTTP app from injected dependencies. Never listens:
 * tests call `createApp(deps).request(...)`.
 * @module
 */

import { builtInConnectors, type ConnectorRegistry } from '@verzend/connectors';
import {
  createErrorHandler,
  createServiceApp,
  type Logger,
  type RateLimitOptions,
  type ReadinessCheck,
  type Registry,
  type TokenVerifier,
  type Tracing,
} from '@verzend/shared';
import type { ConfigDomain } from './domain';
import { registerAccounts } from './routes/accounts';
import { registerAppRegistrations } from './routes/app-registrations';
import { registerAttachments } from './routes/attachments';
import { registerBodyLimit } from './routes/body-limit';
import { registerCompany } from './routes/company';
import { registerLayouts } from './routes/layouts';
import { registerPaymentServices } from './routes/payment-services';
import { registerPermissions } from './routes/permissions';
import { registerReportSelections } from './routes/report-selections';
import { registerRetention } from './routes/retention';
import { registerScenarios } from './routes/scenarios';
import { registerSendingProfiles } from './routes/sending-profiles';
import { registerViewPolicies } from './routes/view-policies';
import { registerWebhookEndpoints } from './routes/webhook-endpoints';
import { isNatsUnavailable, storeUnavailable } from './store/unavailable';

/** Everything the app needs; service.ts wires the real ones, tests may pass their own. */
export interface AppDeps {
  logger: Logger;
  registry: Registry;
  verifyToken: TokenVerifier;
  /** Per-token and per-company request limits (absent: none). */
  rateLimit?: RateLimitOptions | undefined;
  readiness: ReadinessCheck[];
  /** Server spans per request (absent: off). */
  tracing?: Tracing;
  domain: ConfigDomain;
  /** The connectors accounts may use (default: the built-in ones). */
  connectors?: ConnectorRegistry | undefined;
}

/** The config service's version (OpenAPI document, `service.version` of spans). */
export const VERSION = '0.1.0';

/** Creates the app with every route group registered. */
export function createApp(deps: AppDeps) {
  const app = createServiceApp({
    service: 'config',
    version: VERSION,
    description:
      'Accounts, scenarios, default attachments, view policies, report selections, layouts, sending profiles, payment services, webhook endpoints and retention settings, per company. Reading needs the email-read permission; every change needs email-admin.',
    logger: deps.logger,
    registry: deps.registry,
    verifyToken: deps.verifyToken,
    readiness: deps.readiness,
    rateLimit: deps.rateLimit,
    tracing: deps.tracing,
  });
  // A request made while NATS restarts is the server's hiccup, not a bug: 503 and retry, not 500.
  const handleError = createErrorHandler(deps.logger);
  app.onError((err, c) => handleError(isNatsUnavailable(err) ? storeUnavailable(err) : err, c));
  registerPermissions(app);
  registerBodyLimit(app);
  const routeDeps = { app, domain: deps.domain, connectors: deps.connectors ?? builtInConnectors };
  registerAccounts(routeDeps);
  registerAppRegistrations(routeDeps);
  registerScenarios(routeDeps);
  registerAttachments(routeDeps);
  registerViewPolicies(routeDeps);
  registerLayouts(routeDeps);
  registerReportSelections(routeDeps);
  registerSendingProfiles(routeDeps);
  registerPaymentServices(routeDeps);
  registerRetention(routeDeps);
  registerCompany(routeDeps);
  registerWebhookEndpoints(routeDeps);
  return app;
}
export type App = ReturnType<typeof createApp>;
