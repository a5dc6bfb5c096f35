/**
 * Wiring of the renderer service: NATS, blob store, render workers, NATS API,
 * HTTP. Used by main.ts, the test harness and the one-machine runner.
 * @module
 */
import {
  BlobStore,
  closeServer,
  connectNats,
  createLogger,
  createRegistry,
  httpTimeoutsFromEnv,
  KvBlobOwners,
  type Logger,
  listen,
  natsOptionsFromEnv,
  natsReadiness,
  openSharedBlobStore,
  openSharedBucket,
  type Registry,
  type RunningService,
  rateLimitFromEnv,
  type SpanExporter,
  storeLayoutFromEnv,
  Telemetry,
  traceConnection,
  tracingFromEnv,
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
  logger?: Logger;
  /** Where spans go instead of the `OTEL_*` choice (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
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
export async function startRendererService(
  env: Env,
  opts: StartOptions = {},
): Promise<RunningService> {
  const logger = opts.logger ?? createLogger({ service: 'renderer', level: env.LOG_LEVEL });
  const registry = createRegistry('renderer');
  const tracing = await tracingFromEnv(env, 'renderer', VERSION, opts.spanExporter);
  const nc = await connectNats(natsOptionsFromEnv(env, 'renderer'));
  traceConnection(nc, tracing);
  const executor = createExecutor(env, logger);
  const printer = createPrintPool(env, logger, registry);
  try {
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
    const app = createApp({
      logger,
      registry,
      renderer,
      maxBodyBytes: env.MAX_DOCX_BYTES * 2 + env.MAX_DATA_BYTES + 64 * 1024,
      verifyToken: verifierFromEnv(env),
      rateLimit: await rateLimitFromEnv(env, nc, logger),
      tracing,
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
    const { server, port } = await listen(app.fetch, {
      host: env.HOST,
      port: env.PORT,
      timeouts: httpTimeoutsFromEnv(env),
    });
    const url = `http://${env.HOST}:${port}`;
    logger.info({ url, workers: env.RENDER_WORKERS }, 'renderer service listening');
    return {
      name: 'renderer',
      url,
      port,
      async stop() {
        await closeServer(server);
        await api.stop();
        await nc.drain();
        await tracing.shutdown();
        await executor.close();
        await printer?.close();
      },
    };
  } catch (err) {
    await executor.close();
    await printer?.close();
    await nc.close();
    await tracing.shutdown();
    throw err;
  }
}
