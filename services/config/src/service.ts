/**
 * Wiring of the config service on the shared start-up skeleton: buckets, blob
 * store, secrets key ring, built-in layouts, NATS API, HTTP. Used by main.ts, the
 * test harness and the one-machine runner.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { builtInConnectors, type ConnectorRegistry } from '@verzend/connectors';
import {
  BadEnvironmentError,
  BlobStore,
  KeyRing,
  KeyRingError,
  KvBlobOwners,
  type Logger,
  natsReadiness,
  OutboundGuard,
  openBlobStore,
  openBucket,
  type RunningService,
  rateLimitFromEnv,
  type SpanExporter,
  startService,
  storeLayoutFromEnv,
  Telemetry,
  verifierFromEnv,
} from '@verzend/shared';
import { createApp, VERSION } from './app';
import { grantConfiguredBlobs } from './company/owned-blobs';
import type { ConfigContext } from './context';
import { createDomain } from './domain';
import type { Env } from './env';
import { BuiltinLayouts } from './layouts/builtin';
import { startConfigApi } from './nats/api';
import { SecretStore } from './secrets/secret-store';
import { JsonKv } from './store/kv-json';

/** Options beyond the environment. */
export interface StartOptions {
  /** Where spans go instead of the `OTEL_*` choice (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
  logger?: Logger;
  /** The connectors accounts may use (default: the built-in ones). */
  connectors?: ConnectorRegistry;
}

/** Where built-in .docx layouts live unless BUILTIN_LAYOUTS_DIR says otherwise. */
export const DEFAULT_BUILTIN_LAYOUTS_DIR = fileURLToPath(new URL('../layouts/', import.meta.url));

function keyRing(spec: string): KeyRing {
  try {
    return KeyRing.parse(spec);
  } catch (err) {
    if (err instanceof KeyRingError) {
      throw new BadEnvironmentError([{ path: 'SECRETS_KEYS', message: err.message }]);
    }
    throw err;
  }
}

/** Starts the config service and resolves once it serves HTTP and NATS. */
export function startConfigService(env: Env, opts: StartOptions = {}): Promise<RunningService> {
  const ring = keyRing(env.SECRETS_KEYS);
  return startService({
    name: 'config',
    env,
    version: VERSION,
    logger: opts.logger,
    spanExporter: opts.spanExporter,
    async wire({ nc, logger, registry, tracing, onStop }) {
      const layout = storeLayoutFromEnv(env);
      const [configKv, secretsKv, ownersKv, objects] = await Promise.all([
        openBucket(nc, 'config', layout),
        openBucket(nc, 'secrets', layout),
        openBucket(nc, 'blobOwners', layout),
        openBlobStore(nc, layout),
      ]);
      const blobs = new BlobStore(objects);
      const ctx: ConfigContext = {
        config: new JsonKv(configKv),
        secrets: new SecretStore(secretsKv, ring),
        blobs,
        owners: new KvBlobOwners(ownersKv),
        nc,
        telemetry: new Telemetry({ service: 'config', logger, registry, nc }),
        logger,
        limits: {
          maxLayoutBytes: env.MAX_LAYOUT_BYTES,
          maxAttachmentBytes: env.MAX_ATTACHMENT_BYTES,
        },
        timeouts: {
          testAccountMs: env.TEST_ACCOUNT_TIMEOUT_MS,
          validateLayoutMs: env.LAYOUT_VALIDATE_TIMEOUT_MS,
        },
        connectors: opts.connectors ?? builtInConnectors,
        outbound: new OutboundGuard({
          allow: env.OUTBOUND_ALLOW,
          denyPrivate: env.OUTBOUND_DENY_PRIVATE,
        }),
        builtins: await BuiltinLayouts.load(
          blobs,
          env.BUILTIN_LAYOUTS_DIR ?? DEFAULT_BUILTIN_LAYOUTS_DIR,
          logger,
        ),
      };
      // Configuration stored before the ownership index existed becomes its company's (ADR-0021).
      const granted = await grantConfiguredBlobs(ctx);
      if (granted > 0) {
        logger.info(
          { granted },
          'recorded the blob ownership of configured layouts and attachments',
        );
      }
      const domain = createDomain(ctx);
      const api = await startConfigApi(nc, domain, logger);
      onStop(() => api.stop());
      const app = createApp({
        tracing,
        logger,
        registry,
        domain,
        connectors: ctx.connectors,
        verifyToken: verifierFromEnv(env),
        rateLimit: await rateLimitFromEnv(env, nc, logger),
        readiness: [
          natsReadiness(nc),
          {
            name: 'config-bucket',
            check: async () => {
              await configKv.status();
            },
          },
        ],
      });
      return { app, details: { secretsKeyId: ring.currentKeyId } };
    },
  });
}
