/**
 * The posting-event intake, wired for the dispatcher service: the events API
 * (for `/v1/events`) and the consumer that turns events into emails.
 * @module
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Layout, Logger, Registry, Tracing } from '@verzend/shared';
import type { OutboxPort } from '../outbox/port';
import { EventsApi } from './api';
import { IntakeConsumer } from './consumer';
import { exponentialBackoff, type TelemetrySink } from './handler';
import { IntakeMetrics } from './metrics';
import { natsRenderer } from './nats-ports';
import { processEvent } from './pipeline';
import type { IntakeBlobs, IntakeConfig } from './ports';
import { type EventStore, KvEventStore } from './store';
import { jetStreamEvents } from './stream';

export { EventsApi } from './api';

/** Tunables of the intake (from the dispatcher's environment). */
export interface IntakeSettings {
  /** Run the consumer in this replica (the API is always there). */
  enabled: boolean;
  concurrency: number;
  maxAttempts: number;
  /** How long after receipt an event that met an outage is retried past its attempts. */
  outageRetryMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  ackWaitMs: number;
  renderTimeoutMs: number;
}

/** What the intake needs from the service. */
export interface IntakeWiring {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The event-records bucket ({@link Buckets.events}). */
  kv: KV;
  blobs: IntakeBlobs;
  /** The service's config client (one per service, invalidated on config changes). */
  config: IntakeConfig & { layout(company: string, layoutId: string): Promise<Layout> };
  outbox: OutboxPort;
  telemetry: TelemetrySink;
  logger: Logger;
  registry: Registry;
  settings: IntakeSettings;
  tracing: Tracing;
}

/** A running intake. */
export interface Intake {
  api: EventsApi;
  /** The event records (the status relay makes them follow their emails). */
  store: EventStore;
  /** Stops pulling at once (a stop begins); {@link stop} waits for the events in hand. */
  halt(): void;
  stop(): Promise<void>;
}

/** Builds the API and starts the consumer (when enabled). */
export async function startIntake(w: IntakeWiring): Promise<Intake> {
  const store = new KvEventStore(w.kv, w.js);
  const api = new EventsApi({
    store,
    stream: jetStreamEvents(w.js, w.jsm, w.tracing),
    blobs: w.blobs,
  });
  const natsOptions = { renderMs: w.settings.renderTimeoutMs };
  const config = w.config;
  const ports = {
    config,
    renderer: natsRenderer(w.nc, natsOptions, {
      layout: (company, layoutId) => config.layout(company, layoutId),
      blobs: w.blobs,
    }),
    blobs: w.blobs,
    outbox: w.outbox,
  };
  const logger = w.logger.child({ component: 'intake' });
  const consumer = new IntakeConsumer({
    js: w.js,
    jsm: w.jsm,
    logger,
    tracing: w.tracing,
    store,
    telemetry: w.telemetry,
    metrics: new IntakeMetrics(w.registry),
    process: (event, context) => processEvent(event, ports, context),
    maxAttempts: w.settings.maxAttempts,
    outageRetryMs: w.settings.outageRetryMs,
    backoffMs: exponentialBackoff(w.settings.retryBaseMs, w.settings.retryMaxMs),
    concurrency: w.settings.concurrency,
    ackWaitMs: w.settings.ackWaitMs,
  });
  if (w.settings.enabled) {
    await consumer.start();
  }
  return {
    api,
    store,
    halt: () => consumer.halt(),
    async stop() {
      if (w.settings.enabled) {
        await consumer.stop();
      }
    },
  };
}
