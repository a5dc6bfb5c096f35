/**
 * Connecting to NATS and opening the streams, buckets and object store a
 * service needs. The service that owns one creates or updates it (idempotent, so
 * every replica may do it at start); the others only open it (ADR-0018: the
 * shipped permissions let only the owner manage a stream or bucket).
 * @module
 */
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { type ObjectStore, Objm, setSha256Backend } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { UnavailableError } from '../errors';
import { Buckets, ObjectStores, Streams } from '../subjects';

/** Options for {@link connectNats}. */
export interface NatsOptions {
  servers: string;
  name: string;
  user?: string | undefined;
  pass?: string | undefined;
  token?: string | undefined;
  /**
   * Prefix of this connection's reply subjects (requests, JetStream API, acks,
   * consumer deliveries). Each service has its own (`Inboxes`), so no other
   * credential can subscribe to its replies; the default `_INBOX` is shared.
   */
  inboxPrefix?: string | undefined;
  /**
   * Skip capturing a stack trace for every request (nats.js does it to make
   * timeouts debuggable); hot paths doing many requests per item turn it off.
   */
  noAsyncTraces?: boolean | undefined;
}

/** Connects with reconnects that never give up: a NATS restart must not kill a service. */
export async function connectNats(opts: NatsOptions): Promise<NatsConnection> {
  return connect({
    servers: opts.servers.split(',').map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    ...(opts.noAsyncTraces ? { noAsyncTraces: true } : {}),
    ...(opts.inboxPrefix ? { inboxPrefix: opts.inboxPrefix } : {}),
    ...(opts.user ? { user: opts.user, pass: opts.pass ?? '' } : {}),
    ...(opts.token ? { token: opts.token } : {}),
  });
}

/**
 * How big and how replicated the streams, buckets and object store are
 * (`storeLayoutFromEnv` reads it from the environment). Byte limits of 0 mean
 * none; a plain number stands for the replica count with default sizes.
 */
export interface StoreLayout {
  replicas: number;
  telemetryMaxBytes: number;
  telemetryMaxAgeH: number;
  eventsMaxBytes: number;
  eventsMaxAgeD: number;
  outboxMaxBytes: number;
  statusMaxBytes: number;
  statusMaxAgeD: number;
  blobsMaxBytes: number;
}

/** The defaults: one replica, 8 MiB of telemetry for 7 days, events for 30 days, status changes for 7 days, nothing else bounded. */
export const defaultStoreLayout: StoreLayout = {
  replicas: 1,
  telemetryMaxBytes: 8 * 1024 * 1024,
  telemetryMaxAgeH: 7 * 24,
  eventsMaxBytes: 0,
  eventsMaxAgeD: 30,
  outboxMaxBytes: 0,
  statusMaxBytes: 0,
  statusMaxAgeD: 7,
  blobsMaxBytes: 0,
};

function layoutOf(layout: StoreLayout | number): StoreLayout {
  return typeof layout === 'number' ? { ...defaultStoreLayout, replicas: layout } : layout;
}

/** A stream's byte limit: `max_bytes` only when bounded (-1 is JetStream's "none"). */
function maxBytes(bytes: number): number {
  return bytes > 0 ? bytes : -1;
}

/**
 * True when the server's replicated streams check compare-and-set expectations
 * atomically. nats-server 2.9 does not: on a three-node 2.9.10 cluster, six
 * concurrent KV updates expecting the same revision had more than one winner in
 * 197 of 200 rounds (R1 on the same cluster: 0), which would break anything that
 * counts on one winner, such as the global throttle. Later releases check the
 * expectation against writes still being replicated.
 */
export function replicatedCasIsAtomic(nc: NatsConnection): boolean {
  const [major = 0, minor = 0] = (nc.info?.version ?? '0.0.0').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

/**
 * Per-bucket settings. The idempotency bucket expires keys after 24 h. Blob
 * ownerships are read from the stream leader (no direct gets from replicas):
 * one service grants and another checks at once, and a lagging replica would
 * refuse a reference just granted.
 */
const bucketOptions: Record<
  keyof typeof Buckets,
  { history: number; ttl?: number; leaderReads?: boolean }
> = {
  config: { history: 5 },
  secrets: { history: 1 },
  emails: { history: 1 },
  ratelimit: { history: 1 },
  idempotency: { history: 1, ttl: 24 * 60 * 60 * 1000 },
  events: { history: 1 },
  oauthStates: { history: 1, ttl: 15 * 60 * 1000 },
  apiLimits: { history: 1, ttl: 60 * 60 * 1000 },
  blobOwners: { history: 1, leaderReads: true },
};

/**
 * Opens (creating or updating when missing or changed) a KV bucket by its
 * logical name: for the service that owns it (config: config and secrets; the
 * dispatcher: the others). Other services read a bucket only through its owner.
 */
export async function openBucket(
  nc: NatsConnection,
  which: keyof typeof Buckets,
  layout: StoreLayout | number = 1,
): Promise<KV> {
  const kvm = new Kvm(nc);
  const opts = bucketOptions[which];
  return kvm.create(Buckets[which], {
    history: opts.history,
    replicas: layoutOf(layout).replicas,
    ...(opts.ttl ? { ttl: opts.ttl } : {}),
    ...(opts.leaderReads ? { allow_direct: false } : {}),
  });
}

/**
 * Opens (creating when missing) the blob object store: for the config service,
 * which owns it; the others use {@link openSharedBlobStore}. Object digests use
 * node:crypto rather than the client's default pure-JS SHA-256, which costs
 * several times more CPU on every stored body and attachment.
 */
export async function openBlobStore(
  nc: NatsConnection,
  layout: StoreLayout | number = 1,
): Promise<ObjectStore> {
  setSha256Backend('native');
  const { replicas, blobsMaxBytes } = layoutOf(layout);
  return new Objm(nc).create(ObjectStores.blobs, {
    replicas,
    storage: StorageType.File,
    ...(blobsMaxBytes > 0 ? { max_bytes: blobsMaxBytes } : {}),
  });
}

/**
 * Opens a store that another service owns (ADR-0018): `open` until it exists.
 * When it does not exist yet, `create` is tried once (the shipped permissions
 * refuse it to anyone but the owner; an unsecured development server accepts
 * it, so any start order works there), then it waits for the owner.
 * @throws {UnavailableError} when it still does not exist after `waitMs`.
 */
async function openOwnedElsewhere<T>(
  what: string,
  open: () => Promise<T | null>,
  create: () => Promise<T>,
  waitMs: number,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  let triedCreate = false;
  for (;;) {
    const opened = await open();
    if (opened !== null) {
      return opened;
    }
    if (!triedCreate) {
      triedCreate = true;
      try {
        return await create();
      } catch {
        // Refused (only the owner may create it): wait for the owner below.
      }
    }
    if (Date.now() > deadline) {
      throw new UnavailableError(`${what} does not exist; its owning service creates it.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Opens the blob object store as a service that does not own it (renderer,
 * dispatcher; config owns it), waiting for config to create it.
 * @throws {UnavailableError} when it still does not exist after `waitMs`.
 */
export async function openSharedBlobStore(
  nc: NatsConnection,
  layout: StoreLayout | number = 1,
  waitMs = 60_000,
): Promise<ObjectStore> {
  setSha256Backend('native');
  const objm = new Objm(nc);
  return openOwnedElsewhere(
    `The object store ${ObjectStores.blobs}`,
    () =>
      objm.open(ObjectStores.blobs).catch((err: unknown) => {
        if (err instanceof Error && err.message === 'object store not found') {
          return null;
        }
        throw err;
      }),
    () => openBlobStore(nc, layout),
    waitMs,
  );
}

/**
 * Opens a KV bucket that several services write but config owns (the API
 * limits), waiting for the owner to create it; the owner's own call creates it.
 * @throws {UnavailableError} when it still does not exist after `waitMs`.
 */
export async function openSharedBucket(
  nc: NatsConnection,
  which: keyof typeof Buckets,
  layout: StoreLayout | number = 1,
  waitMs = 60_000,
): Promise<KV> {
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  const name = Buckets[which];
  return openOwnedElsewhere(
    `The KV bucket ${name}`,
    async () => {
      try {
        const info = await jsm.streams.info(`KV_${name}`);
        return await new Kvm(nc).open(name, { allow_direct: info.config.allow_direct });
      } catch (err) {
        if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
          return null;
        }
        throw err;
      }
    },
    () => openBucket(nc, which, layout),
    waitMs,
  );
}

/**
 * Creates or updates the JetStream streams Verzend uses, sized by `layout`.
 * Telemetry and status changes drop their oldest when full; the events and outbox streams
 * refuse new messages instead (a publish error the caller sees), so nothing
 * accepted is ever dropped to make room.
 */
export async function ensureStreams(
  nc: NatsConnection,
  layout: StoreLayout | number = 1,
): Promise<JetStreamManager> {
  const l = layoutOf(layout);
  const jsm = await jetstreamManager(nc);
  const day = 24 * 60 * 60 * 1e9;
  const wanted = [
    {
      ...Streams.events,
      retention: RetentionPolicy.Limits,
      duplicate_window: day,
      max_age: l.eventsMaxAgeD * day,
      max_bytes: maxBytes(l.eventsMaxBytes),
      discard: DiscardPolicy.New,
    },
    {
      ...Streams.outbox,
      retention: RetentionPolicy.Workqueue,
      duplicate_window: day,
      max_age: 0,
      max_bytes: maxBytes(l.outboxMaxBytes),
      discard: DiscardPolicy.New,
    },
    {
      ...Streams.telemetry,
      retention: RetentionPolicy.Limits,
      duplicate_window: 2 * 60 * 1e9,
      max_age: (l.telemetryMaxAgeH * day) / 24,
      max_bytes: maxBytes(l.telemetryMaxBytes),
      discard: DiscardPolicy.Old,
    },
    {
      // A feed read by ERP integrations (ADR-0023): the oldest go when full; the records
      // themselves (GET /v1/emails, /v1/events) keep the state. The window covers a relay's
      // redelivery after a crash (its ack wait), so a change published twice is stored once.
      ...Streams.status,
      retention: RetentionPolicy.Limits,
      duplicate_window: 5 * 60 * 1e9,
      max_age: l.statusMaxAgeD * day,
      max_bytes: maxBytes(l.statusMaxBytes),
      discard: DiscardPolicy.Old,
    },
  ];
  for (const s of wanted) {
    const config = {
      ...s,
      subjects: [...s.subjects],
      storage: StorageType.File,
      num_replicas: l.replicas,
    };
    try {
      await jsm.streams.info(s.name);
      const { retention: _r, ...updatable } = config;
      await jsm.streams.update(s.name, updatable);
    } catch {
      await jsm.streams.add(config);
    }
  }
  return jsm;
}

export { jetstream };
