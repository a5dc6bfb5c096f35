/**
 * Wiring of the renderer service on the shared start-up skeleton: blob store,
 * render workers, print pool, NATS API, HTTP. Used by main.ts, the test harness and the one-machine runner.
 * @module
 */
import {
  BlobStore,
  KvBlobOwners,
  type Logger,
  natsReadiness,
  openSharedBlobStore,
  openSharedBucket,
  type Registry,
  type RunningService,
  rateLimitFromEnv,
  type SpanExporter,
  startService,
  storeLayoutFromEnv,
  Telemetry,
  verifierFromEnv,
} from '@verzend/shared';
import { createApp, VERSION } from './app';
import type { Env } from './env';
import { startRendererApi } from './nats/api';
import { PrintPool } from './printing/pool';
import { RenderService } from './requests/render-service';
import { InlineExecutor, type RenderExecutor } from './workers/executor';
import { WorkerPool } from './workers/pool';

/** Options beyond the environment. */
export interface StartOptions {
  /** Where spans go instead of the `OTEL_*` choice (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
  logger?: Logger;
}

/** Builds the executor the environment asks for (worker threads, or the main thread when RENDER_WORKERS=0). */
export function createExecutor(env: Env, logger: Logger): RenderExecutor {
  const engine = {
    cacheSize: env.LAYOUT_CACHE_SIZE,
    maxDocxBytes: env.MAX_DOCX_BYTES,
    maxUnzippedBytes: env.MAX_UNZIPPED_BYTES,
    maxHtmlChars: env.MAX_HTML_BYTES,
  };
  if (env.RENDER_WORKERS === 0) {
    return new InlineExecutor(engine);
  }
  return new WorkerPool({
    size: env.RENDER_WORKERS,
    engine,
    timeoutMs: env.RENDER_TIMEOUT_MS,
    queueLimit: env.RENDER_QUEUE_LIMIT,
    memoryMb: env.RENDER_WORKER_MEMORY_MB,
    depth: env.RENDER_WORKER_DEPTH,
    logger,
  });
}

/** Builds the print pool the environment asks for (null when PRINT_WORKERS=0). */
export function createPrintPool(env: Env, logger: Logger, registry?: Registry): PrintPool | null {
  if (env.PRINT_WORKERS === 0) {
    return null;
  }
  return new PrintPool({
    size: env.PRINT_WORKERS,
    timeoutMs: env.PRINT_TIMEOUT_MS,
    queueLimit: env.PRINT_QUEUE_LIMIT,
    memoryMb: env.PRINT_MEMORY_MB,
    maxJobsPerProcess: env.PRINT_MAX_JOBS,
    startTimeoutMs: env.PRINT_START_TIMEOUT_MS,
    sofficeBin: env.PRINT_SOFFICE,
    python: env.PRINT_PYTHON,
    ...(env.PRINT_WORK_DIR ? { workDir: env.PRINT_WORK_DIR } : {}),
    logger,
    ...(registry ? { registry } : {}),
  });
}

/** Starts the renderer service and resolves once it serves HTTP and NATS. */
export function startRendererService(env: Env, opts: StartOptions = {}): Promise<RunningService> {
  return startService({
    name: 'renderer',
    env,
    version: VERSION,
    logger: opts.logger,
    spanExporter: opts.spanExporter,
    async wire({ nc, logger, registry, tracing, onStop }) {
      const executor = createExecutor(env, logger);
      onStop(() => executor.close());
      const printer = createPrintPool(env, logger, registry);
      onStop(() => printer?.close());
      // LibreOffice starts in the background: bodies render at once, PDFs once a process is warm.
      await printer?.start();
      const layout = storeLayoutFromEnv(env);
      // The blob store and the ownership index are config's; the renderer reads layouts and data,
      // writes results, and records whose they are.
      const [objects, ownersKv] = await Promise.all([
        openSharedBlobStore(nc, layout),
        openSharedBucket(nc, 'blobOwners', layout),
      ]);
      const blobs = new BlobStore(objects);
      const telemetry = new Telemetry({ service: 'renderer', logger, registry, nc });
      const renderer = new RenderService({
        executor,
        ...(printer ? { printer } : {}),
        blobs,
        owners: new KvBlobOwners(ownersKv),
        nc,
        telemetry,
        registry,
        logger,
        limits: {
          maxDocxBytes: env.MAX_DOCX_BYTES,
          maxUnzippedBytes: env.MAX_UNZIPPED_BYTES,
          maxDataBytes: env.MAX_DATA_BYTES,
          inlineResultBytes: env.INLINE_RESULT_BYTES,
        },
      });
      const api = await startRendererApi(nc, renderer, logger);
      onStop(() => api.stop());
      const app = createApp({
        tracing,
        logger,
        registry,
        renderer,
        maxBodyBytes: env.MAX_DOCX_BYTES * 2 + env.MAX_DATA_BYTES + 64 * 1024,
        verifyToken: verifierFromEnv(env),
        rateLimit: await rateLimitFromEnv(env, nc, logger),
        readiness: [
          natsReadiness(nc),
          {
            name: 'render-workers',
            check: () => {
              if (!executor.isReady()) {
                throw new Error('the render workers keep failing to start');
              }
            },
          },
          {
            // Reported, not required: without printing the renderer still renders bodies.
            name: 'printing',
            required: false,
            check: () => {
              if (!printer) {
                throw new Error('printing to PDF is switched off (PRINT_WORKERS=0)');
              }
              const state = printer.state();
              if (!state.available) {
                throw new Error(state.reason ?? 'printing to PDF is not available');
              }
              if (state.ready === 0) {
                throw new Error(`no LibreOffice process is running yet (0 of ${state.size})`);
              }
            },
          },
        ],
      });
      return { app, details: { workers: env.RENDER_WORKERS } };
    },
  });
}
