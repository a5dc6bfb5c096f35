/**
 * A service's NATS request/reply API (services framework, one queue group so
 * replicas share the load), with a stop that is graceful: draining a
 * subscription only stops new requests, while a handler that is still awaiting
 * a store would answer on a connection already closed, and its caller would
 * wait out its time-out (a 503 in the middle of a rolling restart). The stop
 * here waits for every handler it started.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { type Service, type ServiceMsg, Svcm } from '@nats-io/services';
import type { Logger } from '../logger';
import type { Tracing } from '../tracing';
import { type RpcContext, tracingOf } from './rpc';

/** Handlers that are still running, so a stop can wait for their replies. */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();

  /** Tracks `work` until it settles. */
  track(work: Promise<unknown>): void {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work)).catch(() => undefined);
  }

  /** How many are running. */
  get size(): number {
    return this.#running.size;
  }

  /** Resolves once every tracked handler (including ones started meanwhile) has settled. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.allSettled([...this.#running]);
    }
  }
}

/** What names a service on the services framework. */
export interface RpcServiceInfo {
  name: string;
  version: string;
  queue: string;
  description: string;
}

/** A started request/reply API. */
export interface RpcService {
  /** The context its `jsonHandler`s take: logging, tracing and in-flight tracking. */
  readonly context: RpcContext;
  /** Adds an endpoint on `subject`. */
  add(name: string, subject: string, handler: (err: Error | null, msg: ServiceMsg) => void): void;
  /** Resolves once the server has seen every subscription (callers elsewhere find responders). */
  ready(): Promise<void>;
  /** Stops taking requests, then waits until every request in hand is answered. */
  stop(): Promise<void>;
}

/**
 * Starts a request/reply API on `nc`; stop it before draining the connection.
 * @example
 * const api = await startRpcService(nc, { ...Services.renderer, description: 'Renders.' }, logger);
 * api.add('render', Rpc.renderRender, jsonHandler(RenderRequest, api.context, (r) => render(r)));
 * await api.ready();
 */
export async function startRpcService(
  nc: NatsConnection,
  info: RpcServiceInfo,
  logger: Logger,
  tracing: Tracing = tracingOf(nc),
): Promise<RpcService> {
  const inFlight = new InFlight();
  const context: RpcContext = { logger, tracing, inFlight };
  const service: Service = await new Svcm(nc).add({
    name: info.name,
    version: info.version,
    queue: info.queue,
    description: info.description,
  });
  return {
    context,
    add(name, subject, handler) {
      service.addEndpoint(name, { subject, handler });
    },
    ready: () => nc.flush(),
    async stop() {
      await service.stop();
      await inFlight.settled();
    },
  };
}
