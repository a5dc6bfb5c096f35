/**
 * Connecting to NATS and opening the streams, buckets and object store a
 * service needs. The service that owns one creates or updates it (idempotent, so
 * every replica may do it at start); the others only open it (ADR-0018: the
 * shipped permissions let only the owner manage a stream or bucket).
 * @module
 */
import {
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

/** Per-bucket settings. The idempotency bucket expires keys after 24 h. */
const bucketOptions: Record<keyof typeof Buckets, { history: number; ttl?: number }> = {
  config: { history: 5 },
  secrets: { history: 1 },
  emails: { history: 1 },
  ratelimit: { history: 1 },
  idempotency: { history: 1, ttl: 24 * 60 * 60 * 1000 },
  events: { history: 1 },
  oauthStates: { history: 1, ttl: 15 * 60 * 1000 },
  apiLimits: { history: 1, ttl: 60 * 60 * 1000 },
};

/**
 * Opens (creating or updating when missing or changed) a KV bucket by its
 * logical name: for the service that owns it (config: config and secrets; the
 * dispatcher: the others). Other services read a bucket only through its owner.
 */
export async function openBucket(
  nc: NatsConnection,
  which: keyof typeof Buckets,
  replicas = 1,
): Promise<KV> {
  const kvm = new Kvm(nc);
  const opts = bucketOptions[which];
  return kvm.create(Buckets[which], {
    history: opts.history,
    replicas,
    ...(opts.ttl ? { ttl: opts.ttl } : {}),
  });
}

/**
 * Opens (creating when missing) the blob object store: for the config service,
 * which owns it; the others use {@link openSharedBlobStore}. Object digests use
 * node:crypto rather than the client's default pure-JS SHA-256, which costs
 * several times more CPU on every stored body and attachment.
 */
export async function openBlobStore(nc: NatsConnection, replicas = 1): Promise<ObjectStore> {
  setSha256Backend('native');
  return new Objm(nc).create(ObjectStores.blobs, { replicas, storage: StorageType.File });
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
  replicas = 1,
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
    () => openBlobStore(nc, replicas),
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
  replicas = 1,
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
    () => openBucket(nc, which, replicas),
    waitMs,
  );
}

/** Creates or updates the JetStream streams Verzend uses (the dispatcher owns them). */
export async function ensureStreams(nc: NatsConnection, replicas = 1): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  const wanted = [
    {
      ...Streams.events,
      retention: RetentionPolicy.Limits,
      duplicate_window: 24 * 60 * 60 * 1e9,
      max_age: 30 * 24 * 60 * 60 * 1e9,
    },
    {
      ...Streams.outbox,
      retention: RetentionPolicy.Workqueue,
      duplicate_window: 24 * 60 * 60 * 1e9,
    },
    {
      ...Streams.telemetry,
      retention: RetentionPolicy.Limits,
      max_age: 7 * 24 * 60 * 60 * 1e9,
      max_bytes: 512 * 1024 * 1024,
    },
  ];
  for (const s of wanted) {
    const config = {
      name: s.name,
      subjects: [...s.subjects],
      retention: s.retention,
      storage: StorageType.File,
      num_replicas: replicas,
      ...('duplicate_window' in s ? { duplicate_window: s.duplicate_window } : {}),
      ...('max_age' in s ? { max_age: s.max_age } : {}),
      ...('max_bytes' in s ? { max_bytes: s.max_bytes } : {}),
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
