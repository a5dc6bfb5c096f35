/**
 * The start-up sequence every service shares, so each `service.ts` only wires
 * its own parts and each `main.ts` is one call:
 *
 * 1. logger and metrics registry, then the NATS connection;
 * 2. the service's `wire` step builds its parts, registering a stop step for
 *    each thing it starts (`onStop`), and returns the HTTP app;
 * 3. the app listens; the service is running.
 *
 * A failure anywhere undoes what was started, in reverse, and closes NATS — a
 * port in use leaves no connection or consumer behind. `stop()` closes HTTP
 * first, signals every part that asked to hear of it (`onStopping`: consumers
 * stop pulling together), then runs the stop steps in reverse order of
 * registration (the last started stops first), then drains NATS and flushes
 * the spans still buffered.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { BadEnvironmentError, type BaseEnv } from './env';
import { closeServer, installShutdown, listen, type RunningService } from './lifecycle';
import { createLogger, type Logger } from './logger';
import { createRegistry, type Registry } from './metrics';
import { connectNats, type NatsOptions } from './nats/connect';
import { traceConnection } from './nats/rpc';
import type { SpanExporter, Tracing } from './tracing';
import { httpTimeoutsFromEnv, natsOptionsFromEnv, tracingFromEnv } from './wiring';

/** The service names the skeleton knows (their NATS inboxes and users). */
export type ServiceName = 'config' | 'renderer' | 'dispatcher';

/** What a service's wire step gets. */
export interface WireContext {
  nc: NatsConnection;
  logger: Logger;
  registry: Registry;
  /** The service's tracer (a no-op unless `OTEL_*` turns tracing on); NATS requests carry its context. */
  tracing: Tracing;
  /** Registers a stop step for something just started (run in reverse order on stop or failure). */
  onStop(step: () => unknown): void;
  /**
   * Registers a signal sent to a part as soon as a stop begins (after HTTP closed, before
   * the stop steps), so parts that each wait for something to run out (a pull under way)
   * wait at the same time rather than one after the other. Must not throw or block.
   */
  onStopping(signal: () => void): void;
}

/** What a service's wire step returns. */
export interface Wired<X> {
  /** The HTTP app (its `fetch`). */
  app: { fetch: (request: Request) => Response | Promise<Response> };
  /** Logged with "listening". */
  details?: Record<string, unknown>;
  /** Extra members of the running service (e.g. the dispatcher's outbox port). */
  extra?: X;
}

/** A service definition for {@link startService}. */
export interface ServiceSpec<X> {
  name: ServiceName;
  /** The service's version, on its spans. */
  version: string;
  env: BaseEnv & { HOST: string; PORT: number };
  logger?: Logger | undefined;
  /** Where spans go instead of the `OTEL_*` choice (tests: an in-memory exporter). */
  spanExporter?: SpanExporter | undefined;
  /** Changes to the NATS options made from the environment. */
  nats?: Partial<NatsOptions>;
  wire(ctx: WireContext): Promise<Wired<X>>;
}

/** Starts a service: connect, wire, listen (see the module comment). */
export async function startService<X extends object = object>(
  spec: ServiceSpec<X>,
): Promise<RunningService & X> {
  const { name, env } = spec;
  const logger = spec.logger ?? createLogger({ service: name, level: env.LOG_LEVEL });
  const registry = createRegistry(name);
  const tracing = await tracingFromEnv(env, name, spec.version, spec.spanExporter);
  let nc: NatsConnection;
  try {
    nc = await connectNats({ ...natsOptionsFromEnv(env, name), ...spec.nats });
  } catch (err) {
    await tracing.shutdown();
    throw err;
  }
  traceConnection(nc, tracing);
  const steps: (() => unknown)[] = [];
  const stopping: (() => void)[] = [];
  const undo = async () => {
    for (const step of steps.splice(0).reverse()) {
      await Promise.resolve()
        .then(step)
        .catch((err: unknown) => logger.warn({ err }, `${name}: a stop step failed`));
    }
  };
  try {
    const wired = await spec.wire({
      nc,
      logger,
      registry,
      tracing,
      onStop: (step) => steps.push(step),
      onStopping: (signal) => stopping.push(signal),
    });
    const { server, port } = await listen(wired.app.fetch, {
      host: env.HOST,
      port: env.PORT,
      timeouts: httpTimeoutsFromEnv(env),
    });
    const url = `http://${env.HOST}:${port}`;
    logger.info({ url, ...wired.details }, `${name} service listening`);
    return {
      ...(wired.extra as X),
      name,
      url,
      port,
      async stop() {
        await closeServer(server);
        for (const signal of stopping) {
          signal();
        }
        await undo();
        await nc.drain();
        // Spans still buffered go out last.
        await tracing.shutdown();
      },
    };
  } catch (err) {
    await undo();
    await nc.close();
    await tracing.shutdown();
    throw err;
  }
}

/**
 * The whole of a service's `main.ts`: read the environment, start, and drain on
 * SIGTERM/SIGINT; a bad environment or a failed start is logged and exits 1.
 */
export async function runMain<E extends BaseEnv>(
  name: ServiceName,
  readEnv: () => E,
  start: (env: E, opts: { logger: Logger }) => Promise<RunningService>,
): Promise<void> {
  const bootLogger = createLogger({ service: name });
  try {
    const env = readEnv();
    const logger = createLogger({ service: name, level: env.LOG_LEVEL });
    const service = await start(env, { logger });
    installShutdown(logger, env.SHUTDOWN_TIMEOUT_S, () => service.stop());
  } catch (err) {
    if (err instanceof BadEnvironmentError) {
      bootLogger.fatal({ issues: err.issues }, err.message);
    } else {
      bootLogger.fatal({ err }, `${name} service failed to start`);
    }
    process.exit(1);
  }
}
