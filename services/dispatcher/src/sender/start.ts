/**
 * Starts a replica's sending side: the global throttle, the deliverer and the
 * supervisor of the per-account loops (when `SENDER_ENABLED`). The outbox tells
 * it of each email it queued through `notify`.
 * @module
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { InstalledConnectors } from '@verzend/connectors';
import type { BlobStore, Logger, Telemetry, Tracing } from '@verzend/shared';
import type { ConfigClient } from '../accounts/config-client';
import type { EmailRecords } from '../emails/records';
import type { Env } from '../env';
import { Limiter } from '../throttle/limiter';
import { OutboxConsumers } from './consumers';
import { Deliverer } from './deliver';
import type { BodyCache } from './message';
import type { DispatchMetrics } from './metrics';
import { Supervisor } from './supervisor';

/** What the sending side needs. */
export interface SenderWiring {
  env: Env;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The throttle bucket. */
  rateKv: KV;
  records: EmailRecords;
  config: ConfigClient;
  connectors: InstalledConnectors;
  /** Attachments are streamed from here. */
  blobs: BlobStore;
  bodies: BodyCache;
  telemetry: Telemetry;
  metrics: DispatchMetrics;
  logger: Logger;
  /** Registers a stop step (the service skeleton runs them in reverse). */
  onStop(step: () => unknown): void;
  /** Spans of each delivery, continuing the posting's trace (absent: off). */
  tracing?: Tracing | undefined;
}

/** The running sending side. */
export interface Sender {
  limiter: Limiter;
  /** An email was queued for an account: start (or keep) its loop in this replica. */
  notify: (company: string, accountId: string) => void;
}

/** Starts the throttle and, when this replica sends, the per-account loops. */
export async function startSender(w: SenderWiring): Promise<Sender> {
  const { env, logger } = w;
  const limiter = new Limiter(w.rateKv, {
    windowMs: env.RATE_WINDOW_MS,
    // Held leases are renewed every fifth of their life, so one renewal may fail (a NATS node
    // failing over) without a lease lapsing, and a crashed replica's places come free within
    // 1.25 × THROTTLE_LEASE_MS; kept leases stay reusable while they are renewed.
    leaseMs: env.THROTTLE_LEASE_MS,
    keepMs: Math.floor(env.THROTTLE_LEASE_MS / 4),
    renewMs: Math.floor(env.THROTTLE_LEASE_MS / 5),
    holder: env.DISPATCHER_ID,
    logger,
  });
  w.onStop(() => limiter.close());
  // A restart under the same DISPATCHER_ID frees what the previous run held at once.
  await limiter
    .adoptOrphans()
    .then((ended) => ended > 0 && logger.info({ ended }, 'ended send slots of a previous run'))
    .catch((err: unknown) => logger.warn({ err }, 'could not sweep send slots of a previous run'));
  if (!env.SENDER_ENABLED) {
    return { limiter, notify: () => undefined };
  }
  const deliverer = new Deliverer({
    records: w.records,
    config: w.config,
    connectors: w.connectors,
    limiter,
    blobs: w.blobs,
    bodies: w.bodies,
    telemetry: w.telemetry,
    metrics: w.metrics,
    logger,
    dispatcherId: env.DISPATCHER_ID,
    ackWaitMs: env.ACK_WAIT_MS,
    sendTimeoutMs: env.SEND_TIMEOUT_MS,
    baseBackoffMs: env.BASE_BACKOFF_MS,
    maxBackoffMs: env.MAX_BACKOFF_MS,
    tracing: w.tracing,
  });
  const supervisor = new Supervisor(
    w.nc,
    w.jsm,
    new OutboxConsumers(w.js, w.jsm, { ackWaitMs: env.ACK_WAIT_MS, inactiveMs: 60 * 60_000 }),
    deliverer,
    w.metrics,
    logger,
    {
      idleMs: env.IDLE_LOOP_MS,
      rescanMs: env.RESCAN_INTERVAL_MS,
      pullExpiresMs: 1_000,
      ackWaitMs: env.ACK_WAIT_MS,
      lanesFor: async (company, accountId) => {
        const { account } = await w.config.resolveAccount(company, { accountId });
        // No more lanes than the connector sends at once here: an extra lane would hold a
        // global send slot while it waits for a connection, a slot other replicas could use.
        const parallel = w.connectors.get(account.settings.connector).parallelSends?.(account);
        return Math.min(account.concurrencyLimit, parallel ?? account.concurrencyLimit);
      },
      roomFor: (company, accountId) => limiter.placesForHere(company, accountId),
    },
  );
  await supervisor.start();
  w.onStop(() => supervisor.stop());
  return { limiter, notify: (company, accountId) => supervisor.notify(company, accountId) };
}
